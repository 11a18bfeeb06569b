import type { Locator, Page } from "@playwright/test";

export class GroupsPage {
  readonly rows: Locator;
  readonly next: Locator;
  readonly previous: Locator;
  readonly rowsPerPage: Locator;
  readonly numberSwitcher: Locator;
  readonly newGroupLink: Locator;
  readonly main: Locator;
  readonly retry: Locator;

  constructor(readonly page: Page) {
    this.main = page.locator("main");
    this.rows = GroupsPage.rowsOf(page);
    this.next = page.getByRole("link", { name: "Next" });
    this.previous = page.getByRole("link", { name: "Previous" });
    this.rowsPerPage = page.getByLabel("Rows per page");
    // The label wraps the select, so its text includes the options: match the accessible name instead.
    this.numberSwitcher = page.getByRole("combobox", { name: "Number", exact: true });
    this.newGroupLink = page.getByRole("link", { name: "New group" });
    this.retry = this.main.getByRole("link", { name: "Retry" });
  }

  /** The groups table's rows (its rows carry no test ID: a page may hold 1,024 of them). */
  static rowsOf(page: Page): Locator {
    return page.getByRole("table", { name: "Groups of this business number" }).locator("tbody > tr");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/groups${query}`);
  }

  /** The subjects shown in the table, in order. */
  async subjects(): Promise<string[]> {
    return (await this.rows.locator("td:first-child").allTextContents()).map((s) => s.trim());
  }

  /** A row's "Invite link" button, which opens the dialog with the link and its QR code (the first row's by default). */
  inviteButton(row: Locator = this.rows.first()): Locator {
    return row.getByRole("button", { name: /^Invite link of/ });
  }

  /** The group IDs shown in the table, in order. */
  async groupIds(): Promise<string[]> {
    return this.rows.locator("code").evaluateAll((codes) => codes.map((code) => code.getAttribute("title") ?? ""));
  }
}
