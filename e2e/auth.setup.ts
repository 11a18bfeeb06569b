import fs from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { AUTH_DIR, type RoleName, storageStateOf, USERS } from "./fixtures";
import { LoginPage } from "./pages/login-page";

// Signs in once per role and saves the cookies; specs pick a role with test.use({ storageState }).
fs.mkdirSync(AUTH_DIR, { recursive: true });

for (const role of Object.keys(USERS) as RoleName[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await login.signIn(USERS[role].email, USERS[role].password);
    await expect(page).toHaveURL(/\/groups$/);
    await expect(page.getByText(USERS[role].email)).toBeVisible();
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
