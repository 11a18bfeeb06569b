import type { Locator, Page } from "@playwright/test";

export class RequestsPage {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("request-row");
  }

  async goto(): Promise<void> {
    await this.page.goto("/requests");
  }

  rowWithRequestId(requestId: string): Locator {
    return this.rows.filter({ has: this.page.locator("code", { hasText: requestId }) });
  }
}
