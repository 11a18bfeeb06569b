import { expect, NUMBERS, SEEDED_GROUPS, serverRenderedTags, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { GroupsPage } from "./pages/groups-page";

// Paging by Meta's cursors, and Meta's failures on the list, are tested on the live view (`view=live`): once a
// number's index is built, the table reads the index instead (e2e/index.spec.ts).

/** What a stack trace or a raw Graph error would look like if one leaked into the page. */
const LEAK = /\bat \S+ \(|node_modules|\.tsx?:\d+|GraphError|fbtrace|\(HTTP \d{3}/;

test.beforeEach(async ({ emulator }) => {
  await emulator.reset();
});

test("paging forward and back with the browser shows the same groups", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto("?view=live&limit=10");

  const seen: string[][] = [];
  for (let n = 1; n <= 3; n++) {
    await expect(groups.rows).toHaveCount(10);
    seen.push(await groups.subjects());
    if (n < 3) {
      const before = await groups.groupIds();
      await groups.next.click();
      await expect(page).toHaveURL(/[?&]after=/);
      await expect.poll(() => groups.groupIds()).not.toEqual(before);
    }
  }
  expect(new Set(seen.flat()).size).toBe(SEEDED_GROUPS);
  // 30 groups at 10 a page: the third page is the last one.
  await expect(groups.next).toHaveCount(0);

  await page.goBack();
  await expect.poll(() => groups.subjects()).toEqual(seen[1]);

  await page.goBack();
  await expect(page).not.toHaveURL(/after=|before=/);
  await expect.poll(() => groups.subjects()).toEqual(seen[0]);
});

test("a row's Copy button copies that row's group ID and says so; its link opens that group", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto("?view=live&limit=10");
  await new AppShell(page).hydrated();
  const row = groups.rows.nth(2);
  const [subject] = (await row.locator("td:first-child").allTextContents()).map((s) => s.trim());
  const groupId = (await row.locator("code").getAttribute("title")) ?? "";

  await row.getByRole("button", { name: `Copy group ID of ${subject}` }).click();
  const copied = row.getByRole("button", { name: `Copy group ID of ${subject}: copied` });
  await expect(copied).toHaveText("Copied");
  // Its icon turns into a check mark (drawn by the table's CSS from this attribute).
  await expect(copied).toHaveAttribute("data-copied", "true");
  await expect(page.getByRole("status").filter({ hasText: "Copied the group ID of" })).toHaveText(
    `Copied the group ID of ${subject}`,
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(groupId);
  // Only that row says so; the others keep their Copy button.
  await expect(groups.rows.nth(1).getByRole("button", { name: /^Copy group ID of/ })).toHaveText("Copy");

  await row.getByRole("link", { name: subject }).click();
  await expect(page).toHaveURL(new RegExp(`/groups/${groupId}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(subject!);
});

test("changing the page size to 50 shows 50 rows", async ({ page, emulator }) => {
  await emulator.reset(60);
  const groups = new GroupsPage(page);
  // In the server's HTML the page size and the number wait for React: one chosen before would show and load nothing.
  const selects = await serverRenderedTags(page, "/groups", /<select[^>]*>/);
  expect(selects).toHaveLength(2);
  for (const select of selects) expect(select).toContain('disabled=""');
  await groups.goto();
  await expect(groups.rows).toHaveCount(25);

  await groups.rowsPerPage.selectOption("50");
  await expect(page).toHaveURL(/[?&]limit=50(&|$)/);
  await expect(groups.rows).toHaveCount(50);
  await expect(groups.rowsPerPage).toHaveValue("50");
});

test("the number switcher shows the other number's groups", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(page.getByText(`On ${NUMBERS.support.label}`, { exact: true })).toBeVisible();
  await expect(groups.rows).toHaveCount(25);
  const supportIds = await groups.groupIds();

  await groups.numberSwitcher.selectOption(NUMBERS.events.id);
  await expect(page).toHaveURL(new RegExp(`[?&]number=${NUMBERS.events.id}`));
  await expect(page.getByText(`On ${NUMBERS.events.label}`, { exact: true })).toBeVisible();
  await expect(groups.rows).toHaveCount(25);
  const eventsIds = await groups.groupIds();
  expect(eventsIds.filter((id) => supportIds.includes(id))).toEqual([]);
});

test("a forged page link shows the expired-link notice and the first page", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto("?view=live&limit=10");
  const firstPage = await groups.subjects();

  await groups.goto("?view=live&limit=10&after=forged");
  await expect(page.getByText("That page link had expired")).toBeVisible();
  await expect(page).not.toHaveURL(/after=/);
  await expect(groups.rows).toHaveCount(10);
  expect(await groups.subjects()).toEqual(firstPage);

  // The notice is said once: it leaves the address bar, so a reload does not repeat it.
  await expect(page).not.toHaveURL(/notice=/);
  await page.reload();
  await expect(page.getByText("That page link had expired")).toHaveCount(0);
  await expect(groups.rows).toHaveCount(10);
});

test("a number without groups shows the empty state", async ({ page, emulator }) => {
  await emulator.reset(0);
  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(page.getByRole("heading", { name: "No groups on this number yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a group" })).toBeVisible();
  await expect(groups.rows).toHaveCount(0);
});

test.describe("when Meta fails", () => {
  test("a server error shows a message with Retry, and Retry recovers", async ({ page, emulator }) => {
    // Enough failures to outlast the client's read retries.
    await emulator.addFault({
      method: "GET",
      path: "/*/groups",
      times: 10,
      error: { status: 500, code: 2, message: "Service temporarily unavailable" },
    });
    const groups = new GroupsPage(page);
    await groups.goto("?view=live");

    const alert = groups.main.getByRole("alert");
    await expect(alert).toContainText("Meta is unavailable");
    await expect(groups.retry).toBeVisible();
    await expect(groups.rows).toHaveCount(0);
    expect(await page.locator("body").innerText()).not.toMatch(LEAK);

    await emulator.clearFaults();
    await groups.retry.click();
    await expect(groups.rows).toHaveCount(25);
    await expect(alert).toHaveCount(0);
  });

  test("an invalid access token shows the token banner", async ({ page, emulator }) => {
    await emulator.addFault({
      method: "GET",
      path: "/*/groups",
      times: 10,
      error: { status: 401, code: 190, type: "OAuthException", message: "Error validating access token" },
    });
    const groups = new GroupsPage(page);
    await groups.goto("?view=live");

    await expect(groups.main.getByRole("status").filter({ hasText: "access token" })).toBeVisible();
    await expect(groups.rows).toHaveCount(0);
    expect(await page.locator("body").innerText()).not.toMatch(LEAK);
  });

  test("rate limiting says when to try again", async ({ page, emulator }) => {
    await emulator.addFault({
      method: "GET",
      path: "/*/groups",
      times: 10,
      error: { status: 429, code: 131208, message: "Too many requests", retryAfter: 120 },
    });
    const groups = new GroupsPage(page);
    await groups.goto("?view=live");

    const alert = groups.main.getByRole("alert");
    await expect(alert).toContainText("Meta is limiting requests");
    await expect(alert).toContainText("Try again in 2 minutes");
    await expect(groups.retry).toBeVisible();
  });
});

test("a link with an impossible page size or an unknown number says what it shows instead", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto("?limit=5000");
  await expect(page.getByTestId("url-corrections")).toContainText("more than Meta allows: showing 1,024");
  await expect(groups.rows).toHaveCount(SEEDED_GROUPS);
  await expect(groups.rowsPerPage).toHaveValue("1024");

  await groups.goto("?number=999999999&limit=ten");
  const corrections = page.getByTestId("url-corrections");
  await expect(corrections).toContainText("999999999 is not one of this dashboard's numbers: showing Support line");
  await expect(corrections).toContainText("“ten” is not a page size");
  await expect(groups.rows).toHaveCount(25);
});
