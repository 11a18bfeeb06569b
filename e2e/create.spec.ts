import { randomUUID } from "node:crypto";
import { actionInput, captureCreateAction, replayAction } from "./actions";
import { expect, type FaultRule, test } from "./fixtures";
import { NewGroupPage } from "./pages/new-group-page";
import { RequestsPage } from "./pages/requests-page";

const SUBJECT_128 = "S".repeat(120) + " 128 ok!";
const SUBJECT_129 = "T".repeat(129);

test.beforeEach(async ({ emulator }) => {
  await emulator.reset();
});

test("a 128-character subject wrapped in spaces is accepted", async ({ page, emulator }) => {
  expect(SUBJECT_128).toHaveLength(128);
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill(`   ${SUBJECT_128}   `);
  await form.submit.click();

  await expect(form.requestId).toHaveText(/\S+/);
  const creates = await emulator.createCalls();
  expect(creates).toHaveLength(1);
  expect(creates[0]?.body).toMatchObject({ subject: SUBJECT_128 });
});

test("a 129-character subject is refused by the form and by the server", async ({ page, baseURL, emulator }) => {
  const form = new NewGroupPage(page);
  const actionCalls = form.recordActionCalls();
  await form.goto();
  await form.fill(SUBJECT_129);
  await form.submit.click();

  await expect(form.subjectError).toHaveText(/at most 128 characters/);
  await expect(form.subject).toHaveAttribute("aria-invalid", "true");
  await expect(form.requestId).toHaveCount(0);
  expect(actionCalls).toHaveLength(0);
  expect(await emulator.createCalls()).toHaveLength(0);

  // A real submission gives the action's ID and body; the server must refuse the same call with 129 characters.
  await form.fill("Valid subject for the replay");
  const call = await form.submitAndCapture();
  await expect(form.requestId).toBeVisible();
  expect(await emulator.createCalls()).toHaveLength(1);

  const { text } = await replayAction(baseURL!, call, "manager", {
    ...actionInput(call),
    subject: SUBJECT_129,
    idempotencyKey: randomUUID(),
  });
  expect(text).toContain('"kind":"invalid-input"');
  expect(text).toContain("at most 128 characters");
  expect(text).not.toContain("requestId");
  expect(await emulator.createCalls()).toHaveLength(1);
});

test("the request ID can be copied and is listed on the Requests page", async ({ page }) => {
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill("Copy me group", "Made by the e2e suite");
  await form.submit.click();

  await expect(form.requestId).toBeVisible();
  const requestId = (await form.requestId.textContent())?.trim() ?? "";
  expect(requestId).not.toBe("");

  await form.copyRequestId.click();
  await expect(form.copyRequestId).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(requestId);

  const requests = new RequestsPage(page);
  await requests.goto();
  const row = requests.rowWithRequestId(requestId);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Copy me group");
});

test("double-clicking Create group makes one group", async ({ page, emulator }) => {
  const form = new NewGroupPage(page);
  const actionCalls = form.recordActionCalls();
  await form.goto();
  await form.fill("Double click group");
  await form.submit.dblclick();

  await expect(form.requestId).toBeVisible();
  // Let every action call the clicks made finish before counting what reached Meta.
  await Promise.all(actionCalls.map((r) => r.response()));
  // Whether the second click got through before the button was disabled, every call carried the one key.
  const keys = new Set(
    actionCalls.map((r) => (JSON.parse(r.postData() ?? "[]") as { idempotencyKey?: string }[])[0]?.idempotencyKey),
  );
  expect([...keys]).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  const creates = await emulator.createCalls();
  expect(creates).toHaveLength(1);
  expect(creates[0]?.body).toMatchObject({ subject: "Double click group" });
});

test("the same submission sent twice at once makes one group and answers the same request ID", async ({
  browser,
  baseURL,
  emulator,
}) => {
  await emulator.reset();
  const call = await captureCreateAction(browser, "Captured for the race");
  const input = { ...actionInput(call), subject: "Raced group", idempotencyKey: randomUUID() };
  const [a, b] = await Promise.all([
    replayAction(baseURL!, call, "manager", input),
    replayAction(baseURL!, call, "manager", input),
  ]);
  const requestIds = [a, b].map(({ text }) => /"requestId":"([^"]+)"/.exec(text)?.[1] ?? /"kind":"([^"]+)"/.exec(text)?.[1]);
  // One of them may still be in flight when the other asks ("in-progress"); neither makes a second group.
  expect(requestIds.filter((id) => id !== "in-progress")[0]).toMatch(/^[0-9A-F]{32}$/);
  expect((await emulator.createCalls()).filter((c) => (c.body as { subject?: string }).subject === "Raced group")).toHaveLength(
    1,
  );
});

const failures: { name: string; fault: FaultRule; message: string | RegExp }[] = [
  {
    name: "a server error",
    fault: { error: { status: 500, code: 2, message: "Service temporarily unavailable" } },
    message: "Meta is unavailable",
  },
  {
    name: "rate limiting",
    fault: { error: { status: 429, code: 131208, message: "Too many requests" } },
    message: "Meta is limiting requests",
  },
  {
    name: "an invalid access token",
    fault: { error: { status: 401, code: 190, type: "OAuthException", message: "Error validating access token" } },
    message: /access token/,
  },
  { name: "no answer in time", fault: { latencyMs: 5_000 }, message: "did not answer in time" },
];

for (const { name, fault, message } of failures) {
  test(`${name} on create shows a message and keeps the input`, async ({ page, emulator }) => {
    await emulator.addFault({ method: "POST", path: "/*/groups", times: 1, ...fault });
    const form = new NewGroupPage(page);
    await form.goto();
    const subject = `Kept subject (${name})`;
    const description = `Kept description\nfor ${name}`;
    await form.fill(subject, description);
    await form.submit.click();

    await expect(form.failure).toContainText(message);
    await expect(form.requestId).toHaveCount(0);
    await expect(form.subject).toHaveValue(subject);
    await expect(form.description).toHaveValue(description);
    await expect(form.submit).toBeEnabled();
    expect(await emulator.createCalls()).toHaveLength(1);
  });
}

test("after a rate limit with Retry-After, Create group waits that long before it can be pressed again", async ({
  page,
  emulator,
}) => {
  await emulator.addFault({
    method: "POST",
    path: "/*/groups",
    times: 1,
    error: { status: 429, code: 131208, message: "Too many requests", retryAfter: 3 },
  });
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill("Patient group");
  await form.submit.click();

  await expect(form.failure).toContainText("Try again in 3 seconds");
  await expect(form.submit).toBeDisabled();
  await expect(form.submit).toHaveText(/wait \d s/);
  await expect(form.submit).toBeEnabled({ timeout: 6_000 });
  await form.submit.click();
  await expect(form.requestId).toHaveText(/\S+/);
  expect(await emulator.createCalls()).toHaveLength(2);
});
