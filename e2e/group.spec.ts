import type { Page } from "@playwright/test";
import { makeTestJpeg } from "../emulator/jpeg";
import { expect, NUMBERS, serverRenderedTags, storageStateOf, test } from "./fixtures";
import { GroupPage } from "./pages/group-page";
import { callServerAction, contextAs } from "./server-actions";
import { GroupsPage } from "./pages/groups-page";

// Issue 9: a page per group, where managers do everything Meta offers and follow each outcome to the end.

/** Seeded groups of Support line: the seed is the same on every run. */
const AUTO = "Community group 0001"; // auto_approve, no participants
const APPROVAL = "Weekend Runners group 0004"; // approval_required, 3 participants

test.beforeEach(async ({ emulator }) => {
  await emulator.reset();
});
test.afterEach(async ({ emulator }) => {
  // Reset keeps the emulator's runtime config: put back what a test changed.
  await emulator.config({ webhookDelayMs: 0 });
});

/** A JPEG of the given size, made by the browser itself (a real image it can decode). */
async function browserJpeg(
  page: Page,
  width: number,
  height: number,
): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const base64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = document.createElement("canvas");
      canvas.width = w!;
      canvas.height = h!;
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#047857";
      ctx.fillRect(0, 0, w!, h!);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/jpeg", 0.9));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    },
    [width, height],
  );
  return { name: `picture-${width}x${height}.jpg`, mimeType: "image/jpeg", buffer: Buffer.from(base64, "base64") };
}

test("a row's subject opens the group's page: overview, invite link, participants and join requests", async ({ page }) => {
  await page.goto(`/groups?number=${NUMBERS.support.id}&limit=50`);
  await page.getByRole("link", { name: APPROVAL }).click();
  const group = new GroupPage(page);
  await expect(group.heading).toHaveText(APPROVAL);
  await expect(page).toHaveURL(new RegExp(`number=${NUMBERS.support.id}`));
  const overview = group.section("Overview");
  await expect(overview).toContainText("not counting your business");
  await expect(overview.getByTestId("participant-count")).toHaveText("3");
  await expect(overview).toContainText("A manager approves each person");
  await expect(overview).toContainText("Meta does not allow changing this");
  await expect(group.section("Invite link").getByTestId("invite-link")).toHaveText(/^https:\/\/chat\.whatsapp\.com\//);
  await expect(group.participants).toHaveCount(3);
  await expect(group.section("Join requests")).toContainText("No open join requests");
  await expect(page.getByRole("link", { name: /Groups on Support line/ })).toHaveAttribute(
    "href",
    `/groups?number=${NUMBERS.support.id}`,
  );
});

test("one read that fails shows its own error; the rest of the page is there", async ({ page, emulator }) => {
  const groupId = await GroupPage.seededGroupId(page, APPROVAL);
  await emulator.addFault({ method: "GET", path: "/*/invite_link", error: { status: 500, code: 2, message: "Unavailable" } });
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.section("Invite link").getByRole("alert")).toContainText("Meta is unavailable");
  await expect(group.section("Invite link").getByRole("link", { name: "Retry" })).toBeVisible();
  await expect(group.section("Overview")).toContainText("A manager approves each person");
  await expect(group.participants).toHaveCount(3);
});

test("approving three join requests when one was withdrawn says which went through and why one failed", async ({
  page,
  emulator,
}) => {
  const groupId = await GroupPage.seededGroupId(page, APPROVAL);
  const [, gone] = await emulator.joinRequests(groupId, { wa_ids: ["16505559001", "16505559002", "16505559003"] });
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.joinRequests).toHaveCount(3);
  // The second person withdraws while the manager looks at the list.
  await emulator.revokeJoinRequest(groupId, gone!);
  await page.getByLabel("Select all on this page").check();
  await page.getByRole("button", { name: "Approve selected (3)" }).click();

  const outcome = page.getByTestId("join-request-outcome");
  await expect(page.getByRole("alert").filter({ hasText: "Approved 2 of 3: 1 failed" })).toBeVisible();
  await expect(outcome).toContainText("+16505559002: failed: The request no longer exists");
  await expect(outcome).toContainText("+16505559001: approved");
  // The approved people are participants now, and the list is read again.
  await expect(group.participants).toHaveCount(5);
  await expect(group.joinRequests).toHaveCount(0);
});

test("removing 8 participants after a confirmation; the 9th is refused by the control and by the server", async ({
  page,
  emulator,
}) => {
  const groupId = await GroupPage.seededGroupId(page, AUTO);
  const people = Array.from({ length: 8 }, (_, i) => `1650555800${i}`);
  for (const waId of people) await emulator.join(groupId, waId);
  // In the server's HTML the 8 boxes and the picture's file input wait for React: a choice made before it owns them
  // would be forgotten.
  const boxes = await serverRenderedTags(
    page,
    `/groups/${encodeURIComponent(groupId)}`,
    /<input[^>]*(id="participant-|type="file")[^>]*>/,
  );
  expect(boxes).toHaveLength(9);
  for (const box of boxes) expect(box).toContain('disabled=""');
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.participants).toHaveCount(8);
  for (const box of await group.participants.getByRole("checkbox").all()) await box.check();
  await expect(page.getByText("8 selected: Meta removes at most 8 people at a time")).toBeVisible();

  await page.getByRole("button", { name: "Remove selected (8)" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("cannot rejoin through the invite link");
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(group.changes.first()).toContainText("Remove 8 participants");
  await expect(group.changes.first()).toHaveAttribute("data-status", "applied");
  await expect(group.participants).toHaveCount(0);
  expect((await emulator.group(groupId)).participants).toEqual([]);

  const manager = await contextAs("manager");
  const { result } = await callServerAction(manager, "lib/actions/groups.ts#removeParticipantsAction", {
    groupId,
    participants: [...people, "16505558009"],
  });
  expect(result).toMatchObject({ ok: false, kind: "invalid-input" });
  expect(JSON.stringify(result)).toContain("at most 8");
  await manager.dispose();
});

test("a settings change shows as waiting until Meta's webhook says it was applied", async ({ page, emulator }) => {
  const groupId = await GroupPage.seededGroupId(page, AUTO);
  await emulator.config({ webhookDelayMs: 2_500 });
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.save).toBeEnabled();
  await group.subject.fill("  Book Club Lisbon  ");
  await group.description.fill("Monthly meetups\nat the library");
  await group.save.click();

  const change = group.changes.first();
  await expect(change).toContainText("Change subject to “Book Club Lisbon” and the description");
  await expect(change).toHaveAttribute("data-status", "submitted");
  await expect(change).toContainText("Waiting for Meta");
  await expect(change).toHaveAttribute("data-status", "applied", { timeout: 10_000 });
  await expect(group.heading).toHaveText("Book Club Lisbon");
  expect(await emulator.group(groupId)).toMatchObject({
    subject: "Book Club Lisbon",
    description: "Monthly meetups\nat the library",
  });
});

test("a settings change Meta refuses says why, and the form keeps what was typed", async ({ page, emulator }) => {
  const groupId = await GroupPage.seededGroupId(page, AUTO);
  await emulator.addFault({
    times: 1,
    settingsFailure: { code: 131207, title: "Group suspended", details: "The group is suspended" },
  });
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.save).toBeEnabled();
  await group.subject.fill("Never applied");
  await group.save.click();
  await expect(group.changes.first()).toHaveAttribute("data-status", "failed");
  await expect(group.changes.first()).toContainText("Subject: failed: Group suspended. The group is suspended.");
  await expect(group.heading).toHaveText(AUTO);
  await expect(group.subject).toHaveValue("Never applied");
});

test("a picture that is not square is refused before upload and by the server; a square one is applied", async ({
  page,
  emulator,
}) => {
  const groupId = await GroupPage.seededGroupId(page, AUTO);
  const group = new GroupPage(page);
  await group.goto(groupId);
  const input = page.getByLabel("Choose a profile picture");
  // The input waits for React: a file chosen before would be shown as chosen and never checked.
  await expect(input).toBeEnabled();
  await input.setInputFiles(await browserJpeg(page, 300, 200));
  await expect(page.locator("#picture-problem")).toHaveText(/must be square: this one is 300 × 200 pixels/);
  await expect(page.getByRole("button", { name: "Upload picture" })).toHaveCount(0);

  // The server checks the file's own bytes, whatever the browser said.
  const manager = await contextAs("manager");
  const response = await manager.post(`/api/groups/${encodeURIComponent(groupId)}/picture`, {
    multipart: { file: { name: "wide.jpg", mimeType: "image/jpeg", buffer: makeTestJpeg(300, 200) } },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ ok: false, message: expect.stringContaining("must be square") });
  const small = await manager.post(`/api/groups/${encodeURIComponent(groupId)}/picture`, {
    multipart: { file: { name: "small.jpg", mimeType: "image/jpeg", buffer: makeTestJpeg(100, 100) } },
  });
  expect(await small.json()).toMatchObject({ ok: false, message: expect.stringContaining("at least 192") });
  await manager.dispose();
  expect((await emulator.calls()).filter((c) => c.method === "POST" && c.path.endsWith(groupId))).toHaveLength(0);

  await input.setInputFiles(await browserJpeg(page, 256, 256));
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(group.changes.first()).toContainText("New profile picture");
  await expect(group.changes.first()).toHaveAttribute("data-status", "applied");
  expect((await emulator.group(groupId)).profilePicture).toMatchObject({ width: 256, height: 256 });
});

test("delete is refused until the subject is typed; then the group leaves the table", async ({ page, emulator }) => {
  const groupId = await GroupPage.seededGroupId(page, AUTO);
  const group = new GroupPage(page);
  await group.goto(groupId, NUMBERS.support.id);
  await page.getByRole("button", { name: "Delete group…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("your business included");
  const confirm = dialog.getByRole("button", { name: "Delete group" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Subject").fill("Community group");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Subject").fill(AUTO);
  await confirm.click();

  await expect(group.changes.first()).toHaveAttribute("data-status", "applied");
  await expect(page.getByText("This group was deleted")).toBeVisible();
  await expect.poll(async () => (await emulator.control.state()).groups[NUMBERS.support.id]).toBe(29);
  await page.getByRole("link", { name: "Back to groups" }).click();
  await expect(GroupsPage.rowsOf(page).filter({ hasText: AUTO })).toHaveCount(0);
});

test("join requests, joins and a suspension arriving by webhook appear without a reload", async ({ page, emulator }) => {
  const groupId = await GroupPage.seededGroupId(page, APPROVAL);
  const group = new GroupPage(page);
  await group.goto(groupId);
  await expect(group.joinRequests).toHaveCount(0);
  // Gone if the page were reloaded.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await emulator.joinRequests(groupId, { wa_ids: ["16505557001"] });
  await expect(group.joinRequests).toHaveCount(1, { timeout: 15_000 });
  await emulator.suspend(groupId, true);
  await expect(page.getByText("Suspended by Meta")).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test.describe("a viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("sees the group read-only", async ({ page, emulator }) => {
    const groupId = await GroupPage.seededGroupId(page, APPROVAL);
    await emulator.joinRequests(groupId, { count: 2 });
    const group = new GroupPage(page);
    await group.goto(groupId);
    await expect(group.participants).toHaveCount(3);
    await expect(group.joinRequests).toHaveCount(2);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Approve|Reject|Remove|Delete|Reset|Save/ })).toHaveCount(0);
    await expect(group.section("Settings")).toContainText("Managers and admins change");
  });
});
