import fs from "node:fs";
import http from "node:http";
import Database from "better-sqlite3";
import { ControlClient } from "../emulator/control-client";
import type { RunningEmulator } from "../emulator/server";
import { expect, test } from "./fixtures";
import {
  addUser,
  type DashboardInstance,
  INSTANCE_PHONE,
  INSTANCE_SECRETS,
  signedDelivery,
  startInstance,
  startInstanceEmulator,
} from "./instances";
import { E2E_PORT } from "./stack";

/**
 * What an operator sees of a server: its log, its health endpoints and how it stops. Each test starts a production
 * server of its own (the suite's build, a fresh SQLite file) against an emulator in this process.
 */
test.describe.configure({ mode: "serial" });

const PORT = E2E_PORT + 95;
const DB_FILE = `data/operations-${PORT}.db`;
const MANAGER = { email: "ops-manager@example.com", password: "ops-manager-password", role: "manager" };

let emulator: RunningEmulator;
let server: DashboardInstance;

test.beforeEach(async () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${DB_FILE}${suffix}`, { force: true });
  emulator = await startInstanceEmulator({ webhookUrl: `http://127.0.0.1:${PORT}/api/webhooks/whatsapp` });
  await addUser(`file:./${DB_FILE}`, MANAGER);
  server = await startInstance({ port: PORT, databaseUrl: `file:./${DB_FILE}`, emulatorUrl: emulator.url });
});

test.afterEach(async () => {
  await server.stop("SIGKILL");
  await emulator.close();
});

test("health and readiness answer without a session, and say nothing about the setup", async ({ request }) => {
  const health = await request.get(`${server.url}/api/health`);
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get(`${server.url}/api/ready`);
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
  expect(ready.headers()["cache-control"]).toBe("no-store");
  // Neither touched Meta.
  expect(emulator.groupCount()).toBe(5);
});

test("every line of a request carries its ID, each Graph call is one line, and no secret reaches the log", async () => {
  const api = await server.signedIn(MANAGER.email, MANAGER.password);
  const session = (await api.storageState()).cookies.find((c) => c.name.includes("session-token"))?.value ?? "";
  expect(session).not.toBe("");

  // A request ID the load balancer set is kept, and given back.
  const page = await api.get(`/groups?number=${INSTANCE_PHONE}&view=live`, { headers: { "X-Request-Id": "lb-request-0001" } });
  expect(page.status()).toBe(200);
  expect(page.headers()["x-request-id"]).toBe("lb-request-0001");
  const [graphLine] = server.logs().filter((line) => line.requestId === "lb-request-0001" && line.graph);
  expect(graphLine?.graph).toMatchObject({
    method: "GET",
    path: `/v23.0/${INSTANCE_PHONE}/groups`,
    status: 200,
    attempt: 1,
    fbtraceId: expect.stringMatching(/^A[\w-]{22}$/),
  });
  expect(graphLine?.graph?.durationMs).toBeGreaterThanOrEqual(0);
  expect(server.logs().filter((line) => line.requestId === "lb-request-0001" && line.graph)).toHaveLength(1);
  // The visit started the number's first index build: background work, logged as its job, naming who started it.
  const walk = await server.waitForLog((line) => line.job === "group-sync" && line.msg === "Group sync done");
  expect(walk).toMatchObject({ startedBy: "lb-request-0001", phoneNumberId: INSTANCE_PHONE });
  expect(walk.requestId).toBeUndefined();
  expect(
    server
      .logs()
      .filter((line) => line.job === "group-sync" && line.graph)
      .map((line) => line.requestId),
  ).toEqual([undefined]);

  // Without one the proxy makes one; a retried read is one line per attempt, each with Meta's trace ID.
  await new ControlClient(emulator.url).addFault({ method: "GET", path: "/*/groups", times: 1, error: { status: 500, code: 1 } });
  const retried = await api.get(`/groups?number=${INSTANCE_PHONE}&view=live`);
  const generated = retried.headers()["x-request-id"] ?? "";
  expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  const attempts = server.logs().filter((line) => line.requestId === generated && line.graph);
  expect(attempts.map((line) => [line.level, line.graph?.status, line.graph?.attempt])).toEqual([
    ["warn", 500, 1],
    ["info", 200, 2],
  ]);
  expect(attempts.every((line) => typeof line.graph?.fbtraceId === "string")).toBe(true);

  // A signed webhook delivery is logged under its own request ID; a refused one says why.
  const { body, signature } = signedDelivery({
    object: "whatsapp_business_account",
    entry: [{ id: "x", changes: [{ field: "nope" }] }],
  });
  const delivered = await api.post("/api/webhooks/whatsapp", {
    headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature },
    data: body,
  });
  expect(delivered.status()).toBe(200);
  const refused = await api.post("/api/webhooks/whatsapp", {
    headers: { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${"0".repeat(64)}` },
    data: body,
  });
  expect(refused.status()).toBe(401);
  await server.waitForLog(
    (line) => line.msg.includes("invalid X-Hub-Signature-256") && line.requestId === refused.headers()["x-request-id"],
  );
  await api.dispose();

  // Never the token, a password, a session cookie or a webhook signature.
  for (const secret of [INSTANCE_SECRETS.accessToken, MANAGER.password, session, signature.slice("sha256=".length)]) {
    expect(server.output).not.toContain(secret);
  }
  // Every line the dashboard writes is a JSON object with a level, a time and a message.
  for (const line of server.logs())
    expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
});

test("SIGTERM: the delivery in flight is finished, no new connection is taken, the database is closed, exit within 10 s", async () => {
  const { body, signature } = signedDelivery({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "waba",
        changes: [
          {
            field: "group_lifecycle_update",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: INSTANCE_PHONE },
              groups: [{ timestamp: "1700000000", type: "group_delete", group_id: "G-stopping", request_id: "R-stopping" }],
            },
          },
        ],
      },
    ],
  });
  // The delivery starts: headers and half of the body are sent...
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${server.url}/api/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(body),
        "X-Hub-Signature-256": signature,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.write(body.slice(0, 40));
    setTimeout(() => req.end(body.slice(40)), 1500);
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // ...then the server is told to stop.
  const started = Date.now();
  server.child.kill("SIGTERM");
  await server.waitForLog((line) => line.msg.startsWith("Stopping"));
  await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();

  expect(await answer).toEqual({ status: 200, text: JSON.stringify({ ok: true }) });
  const { code } = await server.exited;
  const took = Date.now() - started;
  expect(code).toBe(143);
  expect(took).toBeLessThan(10_000);
  expect(server.logs().some((line) => line.msg === "Stopped")).toBe(true);

  // The delivery was recorded and processed, and the database was closed cleanly (SQLite folds its WAL back in).
  expect(fs.existsSync(`${DB_FILE}-wal`)).toBe(false);
  const db = new Database(DB_FILE, { readonly: true });
  try {
    expect(db.prepare("select status from webhook_deliveries").all()).toEqual([{ status: "processed" }]);
  } finally {
    db.close();
  }
});

test("SIGTERM: a request that never finishes cannot hold the server past 10 s", async () => {
  const socket = new http.Agent({ keepAlive: false });
  const hanging = http.request(`${server.url}/api/webhooks/whatsapp`, {
    method: "POST",
    agent: socket,
    headers: { "Content-Type": "application/json", "Content-Length": 1000, "X-Hub-Signature-256": "sha256=00" },
  });
  hanging.on("error", () => undefined);
  hanging.write("{");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { code, ms } = await server.stop("SIGTERM");
  hanging.destroy();
  expect(code).toBe(143);
  expect(ms).toBeLessThan(10_000);
  expect(server.logs().some((line) => line.msg.includes("still in flight"))).toBe(true);
});
