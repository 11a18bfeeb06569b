import type { Locator, Page } from "@playwright/test";
import { GroupsPage } from "./groups-page";

/** One group's page (/groups/<id>). */
export class GroupPage {
  readonly heading: Locator;
  readonly participants: Locator;
  readonly joinRequests: Locator;
  readonly changes: Locator;
  readonly subject: Locator;
  readonly description: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.participants = page.getByTestId("participant");
    this.joinRequests = page.getByTestId("join-request");
    this.changes = page.getByTestId("change");
    this.subject = page.getByLabel("Subject", { exact: true });
    this.description = page.getByLabel("Description", { exact: true });
    this.save = page.getByRole("button", { name: "Save changes" });
  }

  /**
   * Opens the page and waits until React has taken it over (clicks before that are lost) and the page has replaced its
   * loading skeleton: until React reveals it, the streamed page sits in a hidden element, where test IDs find it but
   * roles do not.
   */
  async goto(groupId: string, number?: string): Promise<void> {
    await this.page.goto(`/groups/${encodeURIComponent(groupId)}${number ? `?number=${number}` : ""}`);
    await this.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await this.heading.waitFor({ state: "visible" });
  }

  section(title: string): Locator {
    return this.page.getByRole("region", { name: title });
  }

  /** The ID of a seeded group, read from the groups table (the seed is the same on every run). */
  static async seededGroupId(page: Page, subject: string): Promise<string> {
    await page.goto("/groups?limit=50");
    const row = GroupsPage.rowsOf(page).filter({ hasText: subject });
    return (await row.locator("code").getAttribute("title")) ?? "";
  }
}
