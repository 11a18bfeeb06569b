import { expect, serverRenderedTags, storageStateOf, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";

test("an admin adds a user who can then sign in with the given role", async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStateOf("admin") });
  const page = await admin.newPage();
  // In the server's HTML the other users' role selects wait for React: a role chosen before would never be saved.
  const roles = await serverRenderedTags(page, "/users", /<select[^>]*aria-label="Role of [^>]*>/);
  expect(roles.length).toBeGreaterThan(0);
  for (const select of roles) expect(select).toContain('disabled=""');
  await page.goto("/users");
  await expect(page.getByRole("button", { name: "Add user" })).toBeEnabled();
  const email = `new-${Date.now()}@demo.local`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator("#new-password-error")).toHaveText("At least 8 characters.");
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: email })).toBeVisible();
  await admin.close();

  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const login = await fresh.newPage();
  const form = new LoginPage(login);
  await form.goto();
  await form.signIn(email, "a-long-enough-password");
  await expect(login).toHaveURL(/\/groups/);
  await expect(login.getByText("viewer", { exact: true })).toBeVisible();
  await fresh.close();
});

test("a manager is refused the users page", async ({ page }) => {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/forbidden\?need=admin$/);
  await expect(page.getByText("give your account the admin role")).toBeVisible();
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
});
