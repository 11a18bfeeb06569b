/**
 * npm run demo — the whole product on one machine: builds the dashboard when its sources changed, starts the Graph
 * emulator (seeded groups on two business numbers, webhooks wired to the dashboard) and the dashboard, creates one
 * demo user per role and prints how to sign in. Ctrl+C stops everything.
 *
 * The e2e suite starts the same stack through this script (DEMO_E2E=1: other ports, a fresh database, fast creates).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { openDatabase } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrations";
import { upsertUser } from "@/lib/db/users";

const root = path.resolve(import.meta.dirname, "..");
const e2e = process.env.DEMO_E2E === "1";
const port = Number(process.env.PORT ?? (e2e ? 3100 : 3000));
const emulatorPort = Number(process.env.EMULATOR_PORT ?? (e2e ? 4100 : 4000));
const databaseUrl = process.env.DATABASE_URL ?? (e2e ? `file:./data/e2e-${port}.db` : "file:./data/dashboard.db");
// The e2e suite gets a third number that only one test visits: its index is built while that test watches.
const numbers =
  process.env.DEMO_PHONE_NUMBER_IDS ??
  (e2e
    ? "106540352242922:Support line,106540352242923:Events,106540352242924:Sales"
    : "106540352242922:Support line,106540352242923:Events");
const accessToken = `demo-${randomBytes(12).toString("hex")}`;
// The e2e suite passes its own (e2e/stack.ts) so it can sign webhooks and answer Meta's handshake itself.
const appSecret = process.env.WHATSAPP_APP_SECRET ?? randomBytes(16).toString("hex");
const verifyToken = process.env.WHATSAPP_WEBHOOK_VERIFY_TOKEN ?? randomBytes(8).toString("hex");
const dashboardUrl = `http://localhost:${port}`;

export const DEMO_USERS: { email: string; password: string; role: Role }[] = [
  { email: "admin@demo.local", password: "demo-admin-pass", role: "admin" },
  { email: "manager@demo.local", password: "demo-manager-pass", role: "manager" },
  { email: "viewer@demo.local", password: "demo-viewer-pass", role: "viewer" },
];

const children: ChildProcess[] = [];

async function main() {
  buildIfNeeded();

  if (e2e && databaseUrl.startsWith("file:")) fs.rmSync(path.resolve(root, databaseUrl.slice(5)), { force: true });
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db as never);
  for (const user of DEMO_USERS) {
    await upsertUser(db, { ...user, passwordHash: await hashPassword(user.password) }, { email: "npm run demo", role: "system" });
  }
  await db.destroy();

  const ids = numbers
    .split(",")
    .map((n) => n.split(":")[0])
    .join(",");
  const emulator = start("emulator", ["node_modules/.bin/tsx", "emulator/main.ts"], {
    EMULATOR_PORT: String(emulatorPort),
    EMULATOR_ACCESS_TOKEN: accessToken,
    EMULATOR_PHONE_NUMBER_IDS: ids,
    EMULATOR_SEED_GROUPS: process.env.EMULATOR_SEED_GROUPS ?? "30",
    EMULATOR_CREATE_DELAY_MS: process.env.EMULATOR_CREATE_DELAY_MS ?? (e2e ? "1000" : "3000"),
    EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/whatsapp`,
    EMULATOR_APP_SECRET: appSecret,
  });
  await waitForLine(emulator, /Graph emulator ready/);

  const dashboard = start("dashboard", ["node_modules/.bin/next", "start", "-p", String(port)], {
    NODE_ENV: "production",
    NEXTAUTH_URL: dashboardUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64"),
    DATABASE_URL: databaseUrl,
    GRAPH_API_BASE_URL: `http://127.0.0.1:${emulatorPort}`,
    GRAPH_API_VERSION: "v23.0",
    GRAPH_API_TIMEOUT_MS: process.env.GRAPH_API_TIMEOUT_MS ?? (e2e ? "3000" : "10000"),
    GRAPH_API_READ_DEADLINE_MS: process.env.GRAPH_API_READ_DEADLINE_MS ?? (e2e ? "4000" : "12000"),
    WHATSAPP_ACCESS_TOKEN: accessToken,
    WHATSAPP_PHONE_NUMBER_IDS: numbers,
    WHATSAPP_APP_SECRET: appSecret,
    WHATSAPP_WEBHOOK_VERIFY_TOKEN: verifyToken,
    // e2e: no timer; each test that resets the emulator re-syncs the index itself (e2e/fixtures.ts).
    GROUP_SYNC_INTERVAL_MINUTES: process.env.GROUP_SYNC_INTERVAL_MINUTES ?? (e2e ? "0" : "15"),
    // Readable log lines in a terminal; a deployment keeps JSON (lib/log.ts).
    LOG_PRETTY: process.env.LOG_PRETTY ?? (e2e ? "0" : "1"),
  });
  await waitForLine(dashboard, /Ready in|started server|Local:/);
  await waitForHttp(`${dashboardUrl}/login`);

  console.log(
    [
      "",
      `  Dashboard:      ${dashboardUrl}`,
      `  Graph emulator: http://127.0.0.1:${emulatorPort} (control API under /__emulator/)`,
      "",
      "  Sign in as:",
      ...DEMO_USERS.map((u) => `    ${u.role.padEnd(8)} ${u.email.padEnd(22)} ${u.password}`),
      "",
      "  Ctrl+C stops both.",
      "",
    ].join("\n"),
  );
}

function buildIfNeeded() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = [
    "app",
    "components",
    "lib",
    "proxy.ts",
    "instrumentation.ts",
    "next.config.mjs",
    "package-lock.json",
    "tailwind.config.ts",
    "app/globals.css",
  ];
  if (built && sources.every((s) => newestMtime(path.join(root, s)) <= built)) return;
  console.log("Building the dashboard (first run or sources changed)…");
  const result = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("The build failed; see the output above.");
    process.exit(1);
  }
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((max, entry) => Math.max(max, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

function start(name: string, [command, ...args]: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(path.join(root, command!), args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((line) => `[${name}] ${line}`)
      .join("\n") + "\n";
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on("exit", (code, signal) => {
    if (shuttingDown) return;
    console.error(`The ${name} stopped (${signal ?? `exit code ${code}`}); stopping the demo.`);
    shutdown(1);
  });
  return child;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      if (pattern.test(chunk.toString())) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
  });
}

async function waitForHttp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let shuttingDown = false;
function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
  void Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r))))).then(() =>
    process.exit(code),
  );
}

process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
});
