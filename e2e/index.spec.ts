import { expect, NUMBERS, syncIndex, test } from "./fixtures";
import { GroupsPage } from "./pages/groups-page";
import { NewGroupPage } from "./pages/new-group-page";
import { callServerAction, contextAs } from "./server-actions";

// Issue 10: every group of a 10,000-group number is one search away, with right totals and clean exports.

test.beforeEach(async ({ emulator }) => {
  await emulator.reset();
});

test("a search finds a group that is on page 300 of Meta's list", async ({ page, emulator }) => {
  await emulator.reset(10_000);
  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(page.getByTestId("group-total")).toHaveText("10,000 groups on Support line");
  // Meta lists newest first: the 7,490th group is on page 300 at 25 a page.
  await page.getByLabel("Search subjects").fill("customer CARE lounge 7490");
  await expect(page).toHaveURL(/[?&]q=customer\+CARE\+lounge\+7490/);
  await expect(groups.rows).toHaveCount(1);
  await expect(groups.rows.first()).toContainText("Customer Care lounge 7490");
  await expect(page.getByTestId("group-total")).toHaveText(
    "1 of 10,000 groups on Support line match “customer CARE lounge 7490”",
  );
  // The index answers: the search made no Graph call.
  expect((await emulator.listCalls()).filter((c) => c.path.includes(NUMBERS.support.id))).toHaveLength(10);
  await expect(page.getByRole("link", { name: "Page 400" })).toHaveCount(0);

  await page.getByLabel("Search subjects").fill("");
  await expect(page.getByRole("link", { name: "Page 400" })).toBeVisible();
  await page.getByRole("link", { name: "Last" }).click();
  await expect(page).toHaveURL(/[?&]page=400/);
  await expect(page.getByTestId("pager-summary")).toHaveText("Showing 9,976–10,000 of 10,000");
  await expect(groups.rows.last()).toContainText("Fitness Challenge chat 10000");
});

test("accents and case are ignored, '/' jumps to the search box, and sorting works both ways", async ({ page }) => {
  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(page.getByRole("search")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search subjects")).toBeFocused();
  await page.keyboard.type("BÔOK CLUB");
  await expect(groups.rows).toHaveCount(2);
  await expect(page.getByTestId("group-total")).toContainText("2 of 30 groups");

  await page.getByLabel("Search subjects").fill("");
  await expect(page.getByTestId("group-total")).toHaveText("30 groups on Support line");
  await page.getByRole("link", { name: /^Subject.*: sort$/ }).click();
  await expect(page).toHaveURL(/sort=subject&dir=asc/);
  const ascending = await groups.subjects();
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  await page.getByRole("link", { name: /^Subject, sorted ascending/ }).click();
  // Descending is the default direction, so it leaves the URL.
  await expect(page).toHaveURL(/sort=subject$/);
  expect(await groups.subjects()).toEqual(
    [...(await groups.subjects())].sort((a, b) => b.localeCompare(a, "en", { sensitivity: "base" })),
  );
  await page.getByRole("link", { name: /^Created.*: sort$/ }).click();
  // Newest first is the default order: it leaves the URL.
  await expect(page).not.toHaveURL(/sort=/);
  await expect(groups.rows.first()).toContainText("Community group 0001");
});

test("the total and the order are right after a create and a delete", async ({ page, emulator }) => {
  await emulator.config({ createDelayMs: 300 });
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill("Aardvark admirers");
  await form.submit.click();
  await expect(page.getByTestId("request-status")).toContainText("Created", { timeout: 10_000 });
  await emulator.config({ createDelayMs: 1000 });

  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(page.getByTestId("group-total")).toHaveText("31 groups on Support line");
  await expect(groups.rows.first()).toContainText("Aardvark admirers");
  await page.getByRole("link", { name: /^Subject.*: sort$/ }).click();
  await expect(groups.rows.first()).toContainText("Aardvark admirers");

  const groupId = (await groups.rows.first().locator("code").getAttribute("title")) ?? "";
  const manager = await contextAs("manager");
  const { result } = await callServerAction(manager, "lib/actions/groups.ts#deleteGroupAction", {
    groupId,
    confirmSubject: "Aardvark admirers",
  });
  await manager.dispose();
  expect(result).toMatchObject({ ok: true });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("group-total")).toHaveText("30 groups on Support line", { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(groups.rows.first()).not.toContainText("Aardvark admirers");
});

test("the CSV downloads with every row, and a formula in a subject stays text", async ({ page, emulator }) => {
  await emulator.config({ createDelayMs: 200 });
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill('=HYPERLINK("http://evil.example","Click me")');
  await form.submit.click();
  await expect(page.getByTestId("request-status")).toContainText("Created", { timeout: 10_000 });
  await emulator.config({ createDelayMs: 1000 });

  const groups = new GroupsPage(page);
  await groups.goto();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^groups-Support-line-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(bytes as Buffer[]).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("Group ID,Subject,Created (UTC),Created (as Meta sent it),Suspended,Last seen");
  expect(lines).toHaveLength(1 + 31);
  expect(lines.find((l) => l.includes("HYPERLINK"))).toContain(`"'=HYPERLINK(""http://evil.example"",""Click me"")"`);

  // The current search only.
  await page.getByLabel("Search subjects").fill("book club");
  await expect(groups.rows).toHaveCount(2);
  const [filtered] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const filteredText = Buffer.concat((await (await filtered.createReadStream()).toArray()) as Buffer[]).toString("utf8");
  expect(filteredText.split("\r\n").filter(Boolean)).toHaveLength(1 + 2);
});

test("while a number's index is being built the table works live from Meta, then switches to the index", async ({
  page,
  emulator,
}) => {
  // Sales is visited by this test only: its first visit starts its first sync (pages of 1024). Meta first asks it to
  // wait 6 s (longer than the Graph client retries by itself, so the walk waits as Meta asks), then answers slowly
  // (below the e2e stack's 3 s Graph timeout, so the walk succeeds): the walk runs long after the page has hydrated,
  // however slow the machine.
  const listing = { method: "GET", path: `/${NUMBERS.sales.id}/groups`, query: { limit: "1024" } } as const;
  await emulator.addFault({ ...listing, times: 1, error: { status: 429, code: 131208, retryAfter: 6 } });
  await emulator.addFault({ ...listing, latencyMs: 2_000 });
  const groups = new GroupsPage(page);
  await groups.goto(`?number=${NUMBERS.sales.id}`);
  await expect(page.getByText("The index of this number's groups is being built")).toBeVisible();
  await expect(groups.rows).toHaveCount(25);
  await expect(page.getByRole("link", { name: "Next" })).toBeVisible();
  await expect(page.getByTestId("sync-status")).toContainText("Syncing: Meta asked to wait, going on at");
  // When the walk ends the page reads the index: totals and search appear without a reload.
  await expect(page.getByTestId("group-total")).toHaveText("30 groups on Sales", { timeout: 15_000 });
  await expect(page.getByLabel("Search subjects")).toBeVisible();
  await emulator.clearFaults();
  await syncIndex([NUMBERS.sales.id]);
});

test("a viewer may export; the export refuses an unknown number", async () => {
  const viewer = await contextAs("viewer");
  const csv = await viewer.get(`/api/groups/export?number=${NUMBERS.support.id}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect((await csv.text()).split("\r\n").filter(Boolean)).toHaveLength(31);
  expect((await viewer.get("/api/groups/export?number=99999999")).status()).toBe(400);
  await viewer.dispose();
});
