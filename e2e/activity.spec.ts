import { expect, storageStateOf, test } from "./fixtures";
import { GroupPage } from "./pages/group-page";
import { NewGroupPage } from "./pages/new-group-page";
import { contextAs } from "./server-actions";

// Issue 11: every change made through the dashboard can be traced to a person and an outcome at /activity.

test.beforeEach(async ({ emulator }) => {
  await emulator.reset();
});

test("a manager's create, invite link reset and delete appear at /activity with Meta's outcomes", async ({ page }) => {
  const subject = `Traced group ${Date.now()}`;
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill(subject);
  await form.submit.click();
  await expect(page.getByTestId("request-status")).toContainText("Created", { timeout: 10_000 });

  const groupId = await GroupPage.seededGroupId(page, subject);
  const group = new GroupPage(page);
  await group.goto(groupId);
  await page.getByRole("button", { name: "Reset invite link…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Reset link" }).click();
  await expect(page.getByText("A new invite link was made.")).toBeVisible();
  await page.getByRole("button", { name: "Delete group…" }).click();
  await page.getByRole("alertdialog").getByLabel("Subject").fill(subject);
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete group" }).click();
  await expect(page.getByText("This group was deleted")).toBeVisible({ timeout: 10_000 });
  // The group's page shows its own recent activity.
  await expect(group.section("Recent activity").getByTestId("activity-entry")).not.toHaveCount(0);

  await page.goto(`/activity?group=${encodeURIComponent(groupId)}`);
  const sentences = page.getByTestId("activity-entry");
  await expect(sentences.filter({ hasText: `Meta deleted “${subject}”` })).toHaveCount(1);
  await expect(sentences.filter({ hasText: `manager@demo.local (manager) deleted “${subject}”: Meta deleted it.` })).toHaveCount(
    1,
  );
  await expect(sentences.filter({ hasText: `manager@demo.local (manager) reset the invite link of “${subject}”` })).toHaveCount(
    1,
  );
  await expect(sentences.filter({ hasText: `Meta created “${subject}” on Support line.` })).toHaveCount(1);
  await expect(sentences.first().getByRole("button", { name: /Copy group ID/ })).toBeVisible();
});

test("filters live in the URL and the CSV has the filtered entries, spreadsheet-safe", async ({ page }) => {
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill("=cmd|' /C calc'!A0");
  await form.submit.click();
  await expect(page.getByTestId("request-status")).toContainText("Created", { timeout: 10_000 });

  await page.goto("/activity");
  await page.getByLabel("Action").selectOption("group.create");
  await page.getByLabel("Person").selectOption("manager@demo.local");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/person=manager%40demo\.local&action=group\.create/);
  const entries = page.getByTestId("activity-entry");
  await expect(entries.first()).toContainText("asked Meta to create");
  for (const action of await entries.evaluateAll((els) => els.map((e) => e.getAttribute("data-action"))))
    expect(action).toBe("group.create");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const text = Buffer.concat((await (await download.createReadStream()).toArray()) as Buffer[]).toString("utf8");
  const lines = text.slice(1).split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^When \(UTC\),Who,Role,Action,Outcome,What happened/);
  expect(lines.slice(1).every((l) => l.includes(",group.create,"))).toBe(true);
  expect(lines.slice(1).every((l) => l.includes("manager@demo.local"))).toBe(true);
  // The subject's own cell starts with "=": neutralised, so a spreadsheet shows it as text.
  expect(text).toContain(`,'=cmd|' /C calc'!A0,`);

  await page.goto("/activity?from=2000-01-01&to=2000-01-02");
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
});

test("sign-ins and failed sign-ins are recorded with the client address", async ({ browser }) => {
  const signedOut = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.77" },
  });
  const page = await signedOut.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill("viewer@demo.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("Wrong email or password");
  await signedOut.close();

  const manager = await browser.newContext({ storageState: storageStateOf("manager") });
  const activity = await manager.newPage();
  await activity.goto("/activity?action=auth.sign_in");
  await expect(
    activity
      .getByTestId("activity-entry")
      .filter({ hasText: "A sign-in as viewer@demo.local failed from 198.51.100.77." })
      .first(),
  ).toBeVisible();
  await manager.close();
});

test.describe("a viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("cannot open /activity, sees no link to it, and cannot export it", async ({ page }) => {
    await page.goto("/activity");
    await expect(page).toHaveURL(/\/forbidden\?need=manager$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" })).toHaveCount(0);
    const viewer = await contextAs("viewer");
    expect((await viewer.get("/api/activity/export")).status()).toBe(403);
    await viewer.dispose();
  });
});
