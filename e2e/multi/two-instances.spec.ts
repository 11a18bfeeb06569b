import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { ControlClient } from "../../emulator/control-client";
import type { RunningEmulator } from "../../emulator/server";
import { addUser, type DashboardInstance, INSTANCE_PHONE, startInstance, startInstanceEmulator } from "../instances";
import { callServerAction, signInApi } from "../server-actions";
import { E2E_PORT } from "../stack";

/**
 * Two dashboard instances on one PostgreSQL database and one Graph emulator, as a deployment behind a load balancer
 * runs them. Webhooks go to instance B only; people use A, B or both. Runs when TEST_POSTGRES_URL is set (.ci/run
 * starts a cluster); playwright.config.ts says when it is skipped.
 */
test.describe.configure({ mode: "serial" });

const SERVER = process.env.TEST_POSTGRES_URL ?? "";
const DATABASE = `dashboard_e2e_${randomBytes(4).toString("hex")}`;
const PORT_A = E2E_PORT + 300;
const PORT_B = E2E_PORT + 301;
const MANAGER = { email: "multi-manager@example.com", password: "multi-manager-password", role: "manager" };
const SEEDED = 40;
const CREATE_ACTION = "lib/actions/groups.ts#createGroupAction";

let admin: pg.Client;
let database: pg.Client;
let emulator: RunningEmulator;
let control: ControlClient;
let a: DashboardInstance;
let b: DashboardInstance;

function databaseUrl(): string {
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function ready(instance: DashboardInstance): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${instance.url}/api/ready`)).status, { timeout: 30_000, message: `${instance.url} ready` })
    .toBe(200);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database ${DATABASE}`);
  emulator = await startInstanceEmulator({
    webhookUrl: `http://127.0.0.1:${PORT_B}/api/webhooks/whatsapp`,
    seedGroups: SEEDED,
    createDelayMs: 300,
  });
  control = new ControlClient(emulator.url);
  // Both at once on an empty database, each with the scheduled jobs on (their first round runs at start).
  const env = { GROUP_SYNC_INTERVAL_MINUTES: "15" };
  [a, b] = await Promise.all([
    startInstance({ port: PORT_A, databaseUrl: databaseUrl(), emulatorUrl: emulator.url, env }),
    startInstance({ port: PORT_B, databaseUrl: databaseUrl(), emulatorUrl: emulator.url, env }),
  ]);
  await Promise.all([ready(a), ready(b)]);
  await addUser(databaseUrl(), MANAGER);
  database = new pg.Client({ connectionString: databaseUrl() });
  await database.connect();
});

test.afterAll(async () => {
  const stopped = await Promise.all([a?.stop(), b?.stop()]);
  await database?.end();
  await emulator?.close();
  if (admin) {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.end();
  }
  for (const outcome of stopped) if (outcome) expect(outcome.code).toBe(143);
});

test("two instances starting at once on an empty database migrate it once, and both are ready", async () => {
  const { rows } = await database.query<{ name: string }>("select name from kysely_migration order by name");
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  for (const instance of [a, b]) {
    expect(instance.logs().filter((line) => line.level === "error" || line.level === "fatal")).toEqual([]);
    expect(instance.output).not.toContain("Cannot start the dashboard");
  }
});

test("the scheduled jobs run once, not once per instance", async () => {
  // The first sync round walked the number's 40 groups: one call at limit=1024 between both instances.
  await expect
    .poll(
      async () => (await database.query<{ state: string; last_total: number }>("select state, last_total from group_sync")).rows,
      { timeout: 20_000 },
    )
    .toEqual([{ state: "idle", last_total: SEEDED }]);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const walks = (await control.calls()).filter((c) => c.method === "GET" && c.path.endsWith(`/${INSTANCE_PHONE}/groups`));
  expect(walks.map((c) => c.query.limit)).toEqual(["1024"]);
  // Retention ran on one of them; the other found the period's lease taken.
  const retention = [...a.logs(), ...b.logs()].filter((line) => line.msg === "Retention job ran");
  expect(retention).toHaveLength(1);
});

test("a group created on A whose webhook is delivered to B shows Created on A", async () => {
  const api = await a.signedIn(MANAGER.email, MANAGER.password);
  const subject = `Made on A ${randomUUID().slice(0, 8)}`;
  const { result } = await callServerAction(
    api,
    CREATE_ACTION,
    { phoneNumberId: INSTANCE_PHONE, subject, joinApprovalMode: "auto_approve", idempotencyKey: randomUUID() },
    "/groups/new",
    a.url,
  );
  expect(result).toMatchObject({ ok: true });
  const requestId = (result?.data as { requestId: string }).requestId;
  // B received the webhook and settled the request A made, in the shared database.
  await expect
    .poll(
      async () =>
        (await database.query<{ status: string }>("select status from creation_requests where request_id = $1", [requestId]))
          .rows,
      {
        timeout: 10_000,
      },
    )
    .toEqual([{ status: "created" }]);
  expect((await control.webhooks()).every((d) => d.url.startsWith(b.url))).toBe(true);
  const page = await (await api.get("/requests")).text();
  expect(page).toContain(subject);
  expect(page).toContain("Created");
  await api.dispose();
});

test("a webhook racing the create's own follow-up on the other instance never leaves a request waiting", async () => {
  // Meta's webhook goes out the moment it answers: B applies it while A is still recording the answer.
  await control.config({ createDelayMs: 0 });
  const api = await a.signedIn(MANAGER.email, MANAGER.password);
  const subjects = Array.from({ length: 8 }, (_, i) => `Race ${i} ${randomUUID().slice(0, 6)}`);
  const results = await Promise.all(
    subjects.map((subject) =>
      callServerAction(
        api,
        CREATE_ACTION,
        { phoneNumberId: INSTANCE_PHONE, subject, joinApprovalMode: "auto_approve", idempotencyKey: randomUUID() },
        "/groups/new",
        a.url,
      ),
    ),
  );
  expect(results.map((r) => r.result?.ok)).toEqual(subjects.map(() => true));
  // Settled by the webhook alone: nobody opened Requests (whose polling would also settle what was left).
  await expect
    .poll(
      async () =>
        (
          await database.query<{ status: string }>("select status from creation_requests where subject = any($1::text[])", [
            subjects,
          ])
        ).rows.map((r) => r.status),
      { timeout: 5_000 },
    )
    .toEqual(subjects.map(() => "created"));
  const waiting = await database.query("select count(*)::int as n from webhook_updates where applied = 0");
  expect(waiting.rows[0]).toEqual({ n: 0 });
  await control.config({ createDelayMs: 300 });
  await api.dispose();
});

test("the same idempotency key sent to both instances at once makes exactly one group", async () => {
  const [onA, onB] = await Promise.all([
    a.signedIn(MANAGER.email, MANAGER.password),
    b.signedIn(MANAGER.email, MANAGER.password),
  ]);
  const subject = `Sent twice ${randomUUID().slice(0, 8)}`;
  const input = { phoneNumberId: INSTANCE_PHONE, subject, joinApprovalMode: "auto_approve", idempotencyKey: randomUUID() };
  const [first, second] = await Promise.all([
    callServerAction(onA, CREATE_ACTION, input, "/groups/new", a.url),
    callServerAction(onB, CREATE_ACTION, input, "/groups/new", b.url),
  ]);
  const posts = (await control.calls()).filter(
    (c) =>
      c.method === "POST" && c.path.endsWith(`/${INSTANCE_PHONE}/groups`) && (c.body as { subject?: string }).subject === subject,
  );
  expect(posts).toHaveLength(1);
  // One of them sent it; the other answers from it (the same request ID) or says it is being sent.
  const answers = [first.result, second.result];
  const sent = answers.filter((r) => r?.ok);
  expect(sent.length).toBeGreaterThanOrEqual(1);
  expect(new Set(sent.map((r) => (r?.data as { requestId: string }).requestId)).size).toBe(1);
  for (const other of answers.filter((r) => !r?.ok)) expect(other).toMatchObject({ kind: "in-progress" });
  const rows = await database.query("select count(*)::int as n from creation_requests where subject = $1", [subject]);
  expect(rows.rows[0]).toEqual({ n: 1 });
  await Promise.all([onA.dispose(), onB.dispose()]);
});

test("a lockout earned on A holds on B", async ({ playwright }) => {
  const email = `locked-${randomUUID().slice(0, 8)}@example.com`;
  await addUser(databaseUrl(), { email, password: "the-right-password", role: "viewer" });
  const address = "203.0.113.61";
  const onA = await playwright.request.newContext({ baseURL: a.url });
  for (let i = 0; i < 5; i++) expect(await signInApi(onA, email, `wrong-${i}`, address)).toBe("CredentialsSignin");
  const onB = await playwright.request.newContext({ baseURL: b.url });
  // The right password, from the same address, on the other instance: still locked, with the time left.
  expect(await signInApi(onB, email, "the-right-password", address)).toMatch(/^locked:\d+$/);
  await Promise.all([onA.dispose(), onB.dispose()]);
});
