import { randomUUID } from "node:crypto";
import type { APIResponse, Locator, Page } from "@playwright/test";
import { expect, NUMBERS, storageStateOf, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { GroupPage } from "./pages/group-page";
import { callServerAction, contextAs } from "./server-actions";
import { GroupsPage } from "./pages/groups-page";

// Issue 14: a theme chosen in the header (light, dark or the system's), kept per browser and applied before first
// paint; phones get cards instead of wide tables, a menu instead of the header row, and 44 px touch targets; the
// dashboard installs to a home screen and stays out of search engines; every action can be reached and seen with
// the keyboard.

const PHONE = { width: 390, height: 844 };
const GROUP = "Weekend Runners group 0004"; // approval_required, 3 participants

/**
 * What the browser shows before anything but the theme script has run: the page's HTML is cut right after that
 * inline script (so no element it could style yet exists below it) and every external script is refused, so
 * neither React nor next-themes' provider can run. The stylesheet still loads, as it does on a real first paint.
 * Returns <html>'s classes, <body>'s background colour, and whether the script carries the response's CSP nonce
 * (without it the browser would refuse to run it).
 */
async function firstPaint(page: Page, path: string): Promise<{ classes: string; background: string; nonceMatches: boolean }> {
  let nonceMatches = false;
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      // The hydrated page before may still fetch this path's RSC payload (a refresh): only the document is cut.
      if (route.request().resourceType() !== "document") return route.fallback();
      const response = await route.fetch();
      const html = await response.text();
      const start = html.search(/<script[^>]*>[^<]*prefers-color-scheme/);
      expect(start, "the theme script is in the page").toBeGreaterThan(0);
      const end = html.indexOf("</script>", start) + "</script>".length;
      const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
      nonceMatches = !!nonce && html.slice(start, end).includes(`nonce="${nonce}"`);
      await route.fulfill({ response, body: html.slice(0, end) });
    },
  );
  await page.goto(path);
  const seen = await page.evaluate(() => ({
    classes: document.documentElement.className,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return { ...seen, nonceMatches };
}

/** The page's background colour as the browser computes it. */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe("themes", () => {
  // The device prefers dark: a choice of Light in the header must win over it, and System must follow it.
  test.use({ colorScheme: "dark" });

  test("the theme chosen in the header is kept across reloads and applied before first paint", async ({ page }) => {
    const shell = new AppShell(page);
    await page.goto("/groups");
    await shell.hydrated();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await expect(shell.themeButton("System")).toHaveAttribute("aria-pressed", "true");

    await shell.chooseTheme("Light");
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    await page.reload();
    await shell.hydrated();
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    await expect(shell.themeButton("Light")).toHaveAttribute("aria-pressed", "true");
    const lightBackground = await background(page);
    const light = await firstPaint(page, "/groups");
    expect(light.nonceMatches, "the theme script carries this response's CSP nonce").toBe(true);
    expect(light.classes).toMatch(/\blight\b/);
    expect(light.background).toBe(lightBackground);

    await page.goto("/requests");
    await shell.hydrated();
    await shell.chooseTheme("Dark");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    const darkBackground = await background(page);
    expect(darkBackground).not.toBe(lightBackground);
    const dark = await firstPaint(page, "/requests");
    expect(dark.classes).toMatch(/\bdark\b/);
    expect(dark.background).toBe(darkBackground);

    // System follows the device, also while the page is open.
    await page.goto("/groups");
    await shell.hydrated();
    await shell.chooseTheme("System");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: "light" });
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    const system = await firstPaint(page, "/groups");
    expect(system.classes).toMatch(/\blight\b/);
    expect(system.background).toBe(lightBackground);
  });

  test("the sign-in page has the same choice, and it is the same one", async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: "light", storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    const shell = new AppShell(page);
    await page.goto("/login");
    await shell.hydrated();
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    await shell.chooseTheme("Dark");
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await context.close();
  });
});

test.describe("phones", () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  /** Nothing on the page scrolls sideways, and every control in `scope` is inside the screen and at least 44 px. */
  async function expectThumbFriendly(page: Page, scope: Locator): Promise<void> {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(innerWidth);
    const controls = scope.locator("a, button, select, input:not([type=checkbox]), label");
    expect(await controls.count()).toBeGreaterThan(0);
    for (const control of await controls.all()) {
      if (!(await control.isVisible())) continue;
      const box = (await control.boundingBox())!;
      const name = (await control.getAttribute("aria-label")) ?? (await control.textContent())?.trim();
      expect.soft(box.x, `${name}: starts on screen`).toBeGreaterThanOrEqual(0);
      expect.soft(box.x + box.width, `${name}: ends on screen`).toBeLessThanOrEqual(innerWidth);
      expect.soft(box.height, `${name}: tall enough for a finger`).toBeGreaterThanOrEqual(44);
      expect.soft(box.width, `${name}: wide enough for a finger`).toBeGreaterThanOrEqual(44);
    }
  }

  test("every table is a list of cards whose actions fit the screen and take a finger", async ({ page, browser, emulator }) => {
    await emulator.reset();
    const groupId = await GroupPage.seededGroupId(page, GROUP);
    await emulator.joinRequests(groupId, { count: 2 });
    const manager = await contextAs("manager");
    await callServerAction(
      manager,
      "lib/actions/groups.ts#createGroupAction",
      {
        phoneNumberId: NUMBERS.support.id,
        subject: "Phone check",
        joinApprovalMode: "auto_approve",
        idempotencyKey: randomUUID(),
      },
      "/groups/new",
    );
    await manager.dispose();
    const shell = new AppShell(page);

    for (const path of [`/groups?number=${NUMBERS.support.id}`, `/groups?number=${NUMBERS.support.id}&view=live`]) {
      await page.goto(path);
      await shell.hydrated();
      const rows = GroupsPage.rowsOf(page);
      await expect(rows.first()).toBeVisible();
      // A card, not a table row: its cells stack (the Group ID under the subject).
      const [subject, id] = [rows.first().locator("td").nth(0), rows.first().locator("td").nth(1)];
      expect((await id.boundingBox())!.y).toBeGreaterThan((await subject.boundingBox())!.y);
      // Each cell after its column's name, as the header a phone does not show would have said.
      const before = (cell: number) =>
        rows
          .first()
          .locator("td")
          .nth(cell)
          .evaluate((td) => getComputedStyle(td, "::before").content);
      expect([await before(1), await before(2)]).toEqual(['"Group ID"', '"Created"']);
      for (const row of (await rows.all()).slice(0, 3)) await expectThumbFriendly(page, row);
    }

    await page.goto("/requests");
    await shell.hydrated();
    const created = page.getByTestId("request-row").filter({ hasText: "Phone check" });
    await expect(created).toHaveAttribute("data-status", "created");
    await expectThumbFriendly(page, created);

    await page.goto(`/groups/${groupId}?number=${NUMBERS.support.id}`);
    await shell.hydrated();
    await expect(page.getByTestId("join-request")).toHaveCount(2);
    for (const list of ["participants", "join-requests"]) await expectThumbFriendly(page, page.getByTestId(list));

    await page.goto("/activity");
    await shell.hydrated();
    await expectThumbFriendly(
      page,
      page
        .getByTestId("activity-entry")
        .filter({ has: page.getByRole("button") })
        .first(),
    );

    const admin = await browser.newContext({ storageState: storageStateOf("admin"), viewport: PHONE, hasTouch: true });
    const adminPage = await admin.newPage();
    await adminPage.goto("/users");
    await new AppShell(adminPage).hydrated();
    // The admin's own row has no controls: another admin changes it.
    const others = adminPage.getByTestId("user-row").filter({ has: adminPage.getByRole("combobox") });
    for (const row of (await others.all()).slice(0, 3)) await expectThumbFriendly(adminPage, row);
    await admin.close();
  });

  test("the header folds into a menu: it opens, closes with Escape and closes after choosing a page", async ({ page }) => {
    const shell = new AppShell(page);
    await page.goto("/groups");
    await shell.hydrated();
    await expect(shell.nav).toBeHidden();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
    await expectThumbFriendly(page, page.locator("header"));

    await shell.menuButton.click();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "true");
    for (const part of [shell.nav, shell.numberSwitcher, shell.themes, page.getByRole("button", { name: "Sign out" })]) {
      await expect(part).toBeVisible();
    }
    await expectThumbFriendly(page, page.locator("header"));
    await shell.nav.getByRole("link", { name: "Requests" }).focus();
    await page.keyboard.press("Escape");
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(shell.menuButton).toBeFocused();
    await expect(shell.nav).toBeHidden();

    await shell.openMenu();
    await shell.nav.getByRole("link", { name: "Requests" }).click();
    await expect(page).toHaveURL(/\/requests$/);
    await expect(page.getByRole("heading", { level: 1, name: "Creation requests" })).toBeVisible();
    await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
    await expect(shell.nav).toBeHidden();
  });

  test("dialogs fit the screen", async ({ page, emulator }) => {
    await emulator.reset();
    const groupId = await GroupPage.seededGroupId(page, GROUP);
    await new GroupsPage(page).inviteButton().click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("invite-link")).toBeVisible();
    await expectInside(page, dialog);
    await expectThumbFriendly(page, dialog);
    await dialog.getByRole("button", { name: "Reset invite link…" }).click();
    await expectInside(page, page.getByRole("alertdialog"));
    await expectThumbFriendly(page, page.getByRole("alertdialog"));

    await new GroupPage(page).goto(groupId, NUMBERS.support.id);
    await page.getByRole("button", { name: "Delete group…" }).click();
    await expectInside(page, page.getByRole("alertdialog"));
    await expectThumbFriendly(page, page.getByRole("alertdialog"));
  });
});

async function expectInside(page: Page, element: Locator): Promise<void> {
  await expect(element).toBeVisible();
  const box = (await element.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

test.describe("keyboard", () => {
  test("every control in the header and the table shows where the focus is", async ({ page }) => {
    await page.goto(`/groups?number=${NUMBERS.support.id}`);
    await new AppShell(page).hydrated();
    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow !== "none";
        return { name: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName, visible: ring || shadow };
      });
      seen.push(focus.name);
      expect.soft(focus.visible, `focus on "${focus.name}" is visible`).toBe(true);
    }
    // The walk went through the header into the page.
    expect(seen).toEqual(expect.arrayContaining(["Skip to content", "Groups", "Light", "Sign out", "Export CSV"]));
  });

  test("a dialog keeps the focus inside and gives it back when it closes", async ({ page }) => {
    await page.goto(`/groups?number=${NUMBERS.support.id}`);
    await new AppShell(page).hydrated();
    const opener = new GroupsPage(page).inviteButton();
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("invite-link")).toBeVisible();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    // A confirmation inside it returns the focus to the control that opened it.
    await page.keyboard.press("Enter");
    const reset = dialog.getByRole("button", { name: "Reset invite link…" });
    await reset.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("alertdialog")).toBeHidden();
    await expect(reset).toBeFocused();
  });
});

test("the dashboard installs to a home screen and stays out of search engines", async ({ playwright }) => {
  const api = await playwright.request.newContext({ storageState: { cookies: [], origins: [] } });
  const ok = async (path: string): Promise<APIResponse> => {
    const response = await api.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    return response;
  };
  const manifest = (await (await ok("/manifest.webmanifest")).json()) as {
    display: string;
    start_url: string;
    theme_color: string;
    background_color: string;
    icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
  };
  expect(manifest).toMatchObject({ display: "standalone", start_url: "/groups" });
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect(manifest.icons.some((i) => i.purpose === "maskable")).toBe(true);
  const icons = [
    ...manifest.icons.map((i) => ({ src: i.src, size: i.sizes })),
    { src: "/icons/apple-touch-icon.png", size: "180x180" },
  ];
  for (const { src, size } of icons) {
    const png = await (await ok(src)).body();
    // A PNG's IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, src).toBe(size);
  }
  expect((await ok("/favicon.ico")).headers()["content-type"]).toMatch(/icon/);
  expect(await (await ok("/robots.txt")).text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/m);

  const login = await (await ok("/login")).text();
  expect(login).toContain('<meta name="robots" content="noindex, nofollow"/>');
  expect(login).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  expect(login).toMatch(/<link rel="apple-touch-icon" href="\/icons\/apple-touch-icon.png"/);
  expect(login).toContain('<link rel="icon" href="/icon.svg" type="image/svg+xml"/>');
  expect(login).toMatch(/<link rel="icon" href="\/favicon.ico"/);
  await api.dispose();
});
