import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { Emulator, expect, NUMBERS, type RoleName, storageStateOf, test } from "./fixtures";
import { AppShell } from "./pages/app-shell";
import { GroupPage } from "./pages/group-page";
import { callServerAction, contextAs } from "./server-actions";
import { GroupsPage } from "./pages/groups-page";

// Issue 14: every page and dialog, in both themes, at a desktop's and a phone's width, has no serious or critical
// accessibility violation (axe-core: contrast, names, roles, structure…). The theme is the system's here (the
// default), so these scans also prove that "system" follows the device; e2e/themes-and-phones.spec.ts tests the
// header's choice.

const WIDTHS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
const THEMES = ["light", "dark"] as const;
/** approval_required, 3 participants: every section of a group's page shows (join requests are added below) */
const GROUP = "Weekend Runners group 0004";

/**
 * Waits for the page to be at rest: every form enables its submit button once its code has run (the group page's
 * settings form loads after the page), and a colour halfway through its transition is neither the old one nor the
 * new one. A scan during that transition once failed on a button turning from disabled to enabled.
 */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('button[type="submit"]:disabled')).toHaveCount(0);
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"),
  );
}

/** Fails with every serious or critical violation axe finds on the page once it is at rest, each with where it is. */
async function expectAccessible(page: Page): Promise<void> {
  await settled(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`,
    );
  expect(blocking).toEqual([]);
}

let groupId = "";

test.beforeAll(async ({ playwright, browser }) => {
  const api = await playwright.request.newContext();
  const emulator = new Emulator(api);
  await emulator.reset();
  // A group page with join requests, and a creation request (Meta makes the group a second later).
  const context = await browser.newContext({ storageState: storageStateOf("manager") });
  groupId = await GroupPage.seededGroupId(await context.newPage(), GROUP);
  await context.close();
  await emulator.joinRequests(groupId, { count: 2 });
  const manager = await contextAs("manager");
  const { result } = await callServerAction(
    manager,
    "lib/actions/groups.ts#createGroupAction",
    {
      phoneNumberId: NUMBERS.support.id,
      subject: "Accessibility check",
      joinApprovalMode: "auto_approve",
      idempotencyKey: randomUUID(),
    },
    "/groups/new",
  );
  expect(result?.ok).toBe(true);
  await manager.dispose();
  await api.dispose();
});

for (const theme of THEMES) {
  for (const [width, viewport] of Object.entries(WIDTHS)) {
    test.describe(`${theme} theme, ${width}`, () => {
      test.use({ colorScheme: theme, viewport });

      /** Opens a page as `role`, waits until it is interactive and in the right theme. */
      async function open(page: Page, path: string): Promise<void> {
        await page.goto(path);
        await new AppShell(page).hydrated();
        await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
      }

      const pages: Array<{ name: string; path: () => string; role?: RoleName | "signed-out" }> = [
        { name: "sign in", path: () => "/login", role: "signed-out" },
        { name: "groups, from the index", path: () => `/groups?number=${NUMBERS.support.id}` },
        { name: "groups, live from Meta", path: () => `/groups?number=${NUMBERS.support.id}&view=live` },
        { name: "new group", path: () => "/groups/new" },
        { name: "a group's page", path: () => `/groups/${groupId}?number=${NUMBERS.support.id}` },
        { name: "requests", path: () => "/requests" },
        { name: "users", path: () => "/users", role: "admin" },
        { name: "activity", path: () => "/activity" },
        { name: "not allowed", path: () => "/forbidden?need=admin" },
        { name: "not found", path: () => "/no-such-page" },
      ];
      for (const { name, path, role } of pages) {
        test.describe(() => {
          if (role) test.use({ storageState: role === "signed-out" ? { cookies: [], origins: [] } : storageStateOf(role) });
          test(`page: ${name}`, async ({ page }) => {
            await open(page, path());
            await expectAccessible(page);
          });
        });
      }

      test("error state: Meta unavailable", async ({ page, emulator }) => {
        await emulator.addFault({ method: "GET", path: "/*/groups", error: { status: 500, code: 2, message: "Unavailable" } });
        await open(page, `/groups?number=${NUMBERS.support.id}&view=live`);
        await expect(page.locator("main").getByRole("alert")).toBeVisible();
        await expectAccessible(page);
      });

      test("dialog: invite link, and resetting it", async ({ page }) => {
        await open(page, `/groups?number=${NUMBERS.support.id}`);
        await new GroupsPage(page).inviteButton().click();
        const dialog = page.getByRole("dialog");
        await expect(dialog.getByTestId("invite-link")).toBeVisible();
        await expect(dialog.getByRole("img", { name: /QR code/ })).toBeVisible();
        await expectAccessible(page);
        await dialog.getByRole("button", { name: "Reset invite link…" }).click();
        await expect(page.getByRole("alertdialog")).toBeVisible();
        await expectAccessible(page);
      });

      test("dialogs on a group's page: reset link, remove participants, delete", async ({ page }) => {
        await open(page, `/groups/${groupId}?number=${NUMBERS.support.id}`);
        const confirmation = page.getByRole("alertdialog");

        await page.getByRole("button", { name: "Reset invite link…" }).click();
        await expect(confirmation).toContainText("every earlier link stops working");
        await expectAccessible(page);
        await confirmation.getByRole("button", { name: "Keep the current link" }).click();

        await page.getByTestId("participant").first().getByRole("checkbox").check();
        await page.getByRole("button", { name: "Remove selected (1)" }).click();
        await expect(confirmation).toContainText("cannot rejoin");
        await expectAccessible(page);
        await confirmation.getByRole("button", { name: "Keep them" }).click();

        await page.getByRole("button", { name: "Delete group…" }).click();
        await expect(confirmation).toContainText("your business included");
        await expectAccessible(page);
      });

      if (width === "phone") {
        test("the phone menu, open", async ({ page }) => {
          await open(page, `/groups?number=${NUMBERS.support.id}`);
          const shell = new AppShell(page);
          await shell.openMenu();
          await expect(shell.nav).toBeVisible();
          await expectAccessible(page);
        });
      }
    });
  }
}
