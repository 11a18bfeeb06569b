import { expect, type Locator, type Page } from "@playwright/test";

export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
    // The form's own alert; Next.js adds a route announcer with role="alert" too.
    this.error = page.locator("form").getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/login");
    await expect(this.submit).toBeEnabled();
  }

  /** Signs in once the form can be used: before React takes over, the button is disabled. */
  async signIn(email: string, password: string): Promise<void> {
    await expect(this.submit).toBeEnabled();
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}
