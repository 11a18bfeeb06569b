import { randomUUID } from "node:crypto";
import { actionInput, captureCreateAction, replayAction } from "./actions";
import { expect, storageStateOf, test, USERS } from "./fixtures";
import { GroupsPage } from "./pages/groups-page";
import { LoginPage } from "./pages/login-page";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a signed-out visit goes to the login page and back to the page asked for", async ({ page }) => {
    await page.goto("/groups?limit=10");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/groups?limit=10");

    await new LoginPage(page).signIn(USERS.manager.email, USERS.manager.password);
    await expect(page).toHaveURL(/\/groups\?limit=10$/);
    await expect(new GroupsPage(page).rows).toHaveCount(10);
  });

  test("a wrong password shows an error and stays on the login page", async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(USERS.admin.email, "not-the-password");
    await expect(login.error).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
    await expect(login.submit).toBeEnabled();
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("sees no New group link and is refused the create page", async ({ page }) => {
    const groups = new GroupsPage(page);
    await groups.goto();
    await expect(groups.rows.first()).toBeVisible();
    await expect(groups.newGroupLink).toHaveCount(0);

    await page.goto("/groups/new");
    await expect(page).toHaveURL(/\/forbidden\?need=manager$/);
    await expect(page.getByRole("heading", { name: "Your role does not allow this page" })).toBeVisible();
    await expect(page.getByText("give your account the manager role")).toBeVisible();
  });
});

test("a viewer calling the create action directly is refused and nothing reaches Meta", async ({
  browser,
  baseURL,
  emulator,
}) => {
  await emulator.reset();
  const call = await captureCreateAction(browser, "Captured by the auth spec");
  const createsBefore = (await emulator.createCalls()).length;
  expect(createsBefore).toBe(1);

  // Same action ID, headers and body shape; a fresh idempotency key so it would be a new group if allowed.
  const input = { ...actionInput(call), subject: "Made by a viewer", idempotencyKey: randomUUID() };
  const { response, text } = await replayAction(baseURL!, call, "viewer", input);

  expect(response.status()).toBe(200);
  expect(text).toContain('"kind":"forbidden"');
  expect(text).toContain("Your role does not allow this");
  expect(text).not.toContain("requestId");
  expect(await emulator.createCalls()).toHaveLength(createsBefore);
});
