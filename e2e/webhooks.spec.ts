import { createHmac } from "node:crypto";
import { E2E_APP_SECRET, E2E_VERIFY_TOKEN } from "./stack";
import { expect, storageStateOf, test } from "./fixtures";
import { NewGroupPage } from "./pages/new-group-page";
import { GroupsPage } from "./pages/groups-page";

/**
 * Issue 4: every creation request is followed to its group through the emulator's signed lifecycle webhooks,
 * without reloading the page.
 */

// Reset keeps the emulator's runtime config: every test here that slows creates puts the suite's delay back.
test.afterEach(async ({ emulator }) => {
  await emulator.config({ createDelayMs: 1000 });
});

test("a new group goes from Pending to Created with its invite link and QR code, without a reload", async ({
  page,
  emulator,
}) => {
  await emulator.config({ createDelayMs: 2500 });
  const form = new NewGroupPage(page);
  await form.goto();
  const subject = `Webhook flow ${Date.now()}`;
  await form.fill(subject, "Follows the lifecycle webhook");
  await form.submit.click();

  const status = page.getByTestId("request-status");
  await expect(status).toContainText("Pending");
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });

  const link = page.getByTestId("invite-link");
  await expect(status).toContainText("Created", { timeout: 10_000 });
  await expect(link).toBeVisible();
  expect(navigations).toBe(0);

  // The QR code is a real image, and the link is the one the emulator issued for that group.
  const qr = page.getByRole("img", { name: /QR code of the invite link/ });
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  const shown = (await link.textContent())?.trim() ?? "";
  expect(shown).toMatch(/^https:\/\/chat\.whatsapp\.com\/\w+$/);

  await page.getByRole("button", { name: "Copy invite link" }).click();
  await expect(page.getByRole("button", { name: "Copy invite link: copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  await page.goto("/requests");
  const row = page.getByTestId("request-row").filter({ hasText: subject });
  await expect(row).toHaveAttribute("data-status", "created");
  const groupId = (await row.locator("td:nth-child(3) code").getAttribute("title")) ?? "";
  expect((await emulator.group(groupId)).inviteLink).toBe(shown);
});

test("the Requests page turns a pending request into Created by itself", async ({ page, emulator }) => {
  await emulator.config({ createDelayMs: 4000 });
  const form = new NewGroupPage(page);
  await form.goto();
  const subject = `Live list ${Date.now()}`;
  await form.fill(subject);
  await form.submit.click();
  await expect(form.requestId).toBeVisible();

  await page.goto("/requests");
  const row = page.getByTestId("request-row").filter({ hasText: subject });
  await expect(row).toHaveAttribute("data-status", "pending");
  await expect(row).toHaveAttribute("data-status", "created", { timeout: 10_000 });
  await expect(row.getByTestId("request-invite-link")).toBeVisible();
});

test("a creation Meta fails shows its reason in plain words", async ({ page, emulator }) => {
  await emulator.addFault({
    times: 1,
    createFailure: {
      code: 131215,
      title: "Number not eligible",
      message: "Group creation failed",
      details: "This number is not an Official Business Account",
    },
  });
  const form = new NewGroupPage(page);
  await form.goto();
  const subject = `Doomed group ${Date.now()}`;
  await form.fill(subject);
  await form.submit.click();

  const failure = page.getByRole("alert").filter({ hasText: "Meta could not create the group" });
  await expect(failure).toBeVisible({ timeout: 10_000 });
  await expect(failure).toContainText("not an Official Business Account");

  await page.goto("/requests");
  const row = page.getByTestId("request-row").filter({ hasText: subject });
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row).toContainText("not an Official Business Account");
});

test("resetting an invite link shows a new one and the old one is gone", async ({ page, emulator }) => {
  await emulator.reset();
  await page.goto("/groups");
  const firstRow = GroupsPage.rowsOf(page).first();
  const groupId = (await firstRow.locator("code").getAttribute("title")) ?? "";
  await new GroupsPage(page).inviteButton(firstRow).click();

  const dialog = page.getByRole("dialog");
  const link = dialog.getByTestId("invite-link");
  await expect(link).toBeVisible();
  const before = (await link.textContent())?.trim() ?? "";
  expect(before).toBe((await emulator.group(groupId)).inviteLink);

  await dialog.getByRole("button", { name: "Reset invite link…" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("every earlier link stops working");
  await confirm.getByRole("button", { name: "Reset link" }).click();

  await expect(dialog.getByText("A new invite link was made.")).toBeVisible();
  const after = (await link.textContent())?.trim() ?? "";
  expect(after).not.toBe(before);
  expect(after).toBe((await emulator.group(groupId)).inviteLink);
  await expect(page.getByText(before)).toHaveCount(0);
});

test("a viewer can read an invite link but is not offered a reset", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("viewer") });
  const page = await context.newPage();
  await page.goto("/groups");
  await new GroupsPage(page).inviteButton().click();
  await expect(page.getByRole("dialog").getByTestId("invite-link")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset invite link…" })).toHaveCount(0);
  await context.close();
});

test("a group Meta suspends is marked in the table", async ({ page, emulator }) => {
  await emulator.reset();
  await page.goto("/groups");
  const firstRow = GroupsPage.rowsOf(page).first();
  const groupId = (await firstRow.locator("code").getAttribute("title")) ?? "";
  await expect(firstRow.getByTestId("suspended-badge")).toHaveCount(0);

  await emulator.suspend(groupId, true);
  await expect(async () => {
    await page.reload();
    await expect(GroupsPage.rowsOf(page).first().getByTestId("suspended-badge")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
});

test("the webhook endpoint refuses unsigned deliveries and answers Meta's verification only with the right token", async ({
  request,
}) => {
  const unsigned = await request.post("/api/webhooks/whatsapp", { data: { object: "whatsapp_business_account", entry: [] } });
  expect(unsigned.status()).toBe(401);
  const forged = await request.post("/api/webhooks/whatsapp", {
    data: { object: "whatsapp_business_account", entry: [] },
    headers: { "X-Hub-Signature-256": `sha256=${"0".repeat(64)}` },
  });
  expect(forged.status()).toBe(401);
  const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
  const signed = await request.post("/api/webhooks/whatsapp", {
    data: body,
    headers: {
      "Content-Type": "application/json",
      "X-Hub-Signature-256": `sha256=${createHmac("sha256", E2E_APP_SECRET).update(body).digest("hex")}`,
    },
  });
  expect(signed.status()).toBe(200);

  const handshake = (token: string) =>
    request.get(
      `/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`,
    );
  expect((await handshake("wrong")).status()).toBe(403);
  const right = await handshake(E2E_VERIFY_TOKEN);
  expect(right.status()).toBe(200);
  expect(await right.text()).toBe("1158201444");
});
