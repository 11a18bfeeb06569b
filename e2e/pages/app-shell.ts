import { expect, type Locator, type Page } from "@playwright/test";

export type ThemeName = "Light" | "Dark" | "System";

/** The header every dashboard page shares: navigation, number switcher, theme and, on phones, the Menu button. */
export class AppShell {
  readonly nav: Locator;
  readonly menuButton: Locator;
  readonly menu: Locator;
  readonly themes: Locator;
  readonly numberSwitcher: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.menuButton = page.getByRole("button", { name: "Menu" });
    this.menu = page.locator("#header-menu");
    this.themes = page.getByRole("group", { name: "Theme" });
    this.numberSwitcher = page.getByRole("combobox", { name: "Number", exact: true });
  }

  /** Waits until React has taken the page over (a click before that is lost). */
  async hydrated(): Promise<void> {
    await this.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  }

  themeButton(name: ThemeName): Locator {
    return this.themes.getByRole("button", { name, exact: true });
  }

  /** Opens the phone menu (a no-op where the header shows everything). */
  async openMenu(): Promise<void> {
    if (!(await this.menuButton.isVisible())) return;
    if ((await this.menuButton.getAttribute("aria-expanded")) !== "true") await this.menuButton.click();
    await expect(this.menuButton).toHaveAttribute("aria-expanded", "true");
  }

  async chooseTheme(name: ThemeName): Promise<void> {
    await this.openMenu();
    await this.themeButton(name).click();
    await expect(this.themeButton(name)).toHaveAttribute("aria-pressed", "true");
  }
}
