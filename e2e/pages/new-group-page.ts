import { expect, type Locator, type Page, type Request } from "@playwright/test";

/** A captured server-action call: enough to replay it through the request API. */
export interface ActionCall {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export class NewGroupPage {
  readonly subject: Locator;
  readonly description: Locator;
  readonly submit: Locator;
  readonly requestId: Locator;
  readonly copyRequestId: Locator;
  readonly subjectError: Locator;
  readonly failure: Locator;

  constructor(readonly page: Page) {
    this.subject = page.getByLabel("Subject");
    this.description = page.getByLabel("Description (optional)");
    this.submit = page.getByRole("button", { name: "Create group" });
    this.requestId = page.getByTestId("request-id");
    this.copyRequestId = page.getByRole("button", { name: /^Copy request ID/ });
    this.subjectError = page.locator("#subject-error");
    this.failure = page.locator("form [aria-live=assertive]");
  }

  /** Opens the form and waits until it can be used (its button is enabled once React has taken over). */
  async goto(): Promise<void> {
    await this.page.goto("/groups/new");
    await expect(this.submit).toBeEnabled();
  }

  async fill(subject: string, description?: string): Promise<void> {
    await this.subject.fill(subject);
    if (description !== undefined) await this.description.fill(description);
  }

  async chooseJoinApproval(label: "Anyone with the link joins at once" | "A manager approves each person"): Promise<void> {
    await this.page.getByRole("radio", { name: label }).check();
  }

  /** Collects every server-action POST the page sends (they carry a Next-Action header). */
  recordActionCalls(): Request[] {
    const calls: Request[] = [];
    this.page.on("request", (request) => {
      if (request.method() === "POST" && request.headers()["next-action"]) calls.push(request);
    });
    return calls;
  }

  /** Submits the form and returns the server-action call it made, as sent by the browser. */
  async submitAndCapture(): Promise<ActionCall> {
    const [request] = await Promise.all([
      this.page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
      this.submit.click(),
    ]);
    await request.response();
    const headers = await request.allHeaders();
    for (const name of ["cookie", "content-length", "host", "connection"]) delete headers[name];
    return { url: request.url(), headers, body: request.postData() ?? "" };
  }
}
