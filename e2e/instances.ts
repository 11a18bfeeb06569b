import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { type RunningEmulator, startEmulator } from "../emulator/server";
import { signInApi } from "./server-actions";

/**
 * Dashboard servers a spec starts itself (beside the suite's own stack): production `next start` processes of the
 * suite's build with an environment of the spec's choosing, each with its output kept, and an in-process Graph
 * emulator whose token and webhook secret the spec knows. For what the shared stack cannot show: the server's own log,
 * how it stops, and several instances on one database.
 */

export const INSTANCE_SECRETS = {
  nextAuth: "instances-only-secret-long-enough-for-next-auth",
  accessToken: `instances-token-${randomBytes(6).toString("hex")}`,
  appSecret: "instances-only-app-secret",
  verifyToken: "instances-only-verify-token",
} as const;

export const INSTANCE_PHONE = "106540352242922";

/** One JSON line of the server's log (lib/log.ts). */
export interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  graph?: { method: string; path: string; status: number | null; durationMs: number; attempt: number; fbtraceId: string | null };
  [key: string]: unknown;
}

export class DashboardInstance {
  output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly url: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  /** Every structured line the server wrote so far (Next.js's own banner lines are not JSON and are left out). */
  logs(): LogLine[] {
    return this.output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogLine);
  }

  async waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs().find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No such log line within ${timeoutMs} ms. Output:\n${this.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A request context for this instance, signed in as `email` (throws when sign-in fails). */
  async signedIn(email: string, password: string, address = "198.51.100.7"): Promise<APIRequestContext> {
    const api = await playwrightRequest.newContext({ baseURL: this.url });
    const error = await signInApi(api, email, password, address);
    if (error) throw new Error(`sign-in of ${email} on ${this.url} failed: ${error}`);
    return api;
  }

  /** Sends `signal` and resolves when the process has exited, with how long that took. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<{ code: number | null; ms: number }> {
    if (this.child.exitCode !== null) return { code: this.child.exitCode, ms: 0 };
    const started = Date.now();
    this.child.kill(signal);
    const { code } = await this.exited;
    return { code, ms: Date.now() - started };
  }
}

export interface InstanceOptions {
  port: number;
  databaseUrl: string;
  emulatorUrl: string;
  phoneNumberIds?: string;
  env?: Record<string, string>;
}

/**
 * `next start` of the suite's build on `port` with nothing of this process's environment but PATH and HOME: the
 * server sees exactly `env`.
 */
export function spawnNextStart(port: number, env: Record<string, string | undefined>): ChildProcess {
  return spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
      ...env,
    },
  });
}

/** Starts `next start` on `port` and resolves once /api/health answers (the server took its configuration). */
export async function startInstance(options: InstanceOptions): Promise<DashboardInstance> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawnNextStart(options.port, {
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: INSTANCE_SECRETS.nextAuth,
    DATABASE_URL: options.databaseUrl,
    GRAPH_API_BASE_URL: options.emulatorUrl,
    GRAPH_API_VERSION: "v23.0",
    GRAPH_API_TIMEOUT_MS: "3000",
    WHATSAPP_ACCESS_TOKEN: INSTANCE_SECRETS.accessToken,
    WHATSAPP_PHONE_NUMBER_IDS: options.phoneNumberIds ?? `${INSTANCE_PHONE}:Support line`,
    WHATSAPP_APP_SECRET: INSTANCE_SECRETS.appSecret,
    WHATSAPP_WEBHOOK_VERIFY_TOKEN: INSTANCE_SECRETS.verifyToken,
    GROUP_SYNC_INTERVAL_MINUTES: "0",
    LOG_LEVEL: "info",
    ...options.env,
  });
  const instance = new DashboardInstance(url, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The dashboard on ${url} exited at start:\n${instance.output}`);
    const healthy = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) return instance;
    if (Date.now() > deadline) throw new Error(`The dashboard on ${url} did not start within 60 s:\n${instance.output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Creates a user in `databaseUrl` with `npm run user:add` (which also migrates a database that is still empty). */
export async function addUser(databaseUrl: string, user: { email: string; password: string; role: string }): Promise<void> {
  await promisify(execFile)(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/user-add.ts", "--email", user.email, "--password", user.password, "--role", user.role],
    { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" } },
  );
}

/** The Graph emulator in this process, with the instances' token and webhook secret, delivering to `webhookUrl`. */
export function startInstanceEmulator(options: {
  webhookUrl: string;
  seedGroups?: number;
  createDelayMs?: number;
}): Promise<RunningEmulator> {
  return startEmulator({
    port: 0,
    accessToken: INSTANCE_SECRETS.accessToken,
    appSecret: INSTANCE_SECRETS.appSecret,
    phoneNumberIds: [INSTANCE_PHONE],
    seedGroups: options.seedGroups ?? 5,
    createDelayMs: options.createDelayMs ?? 300,
    webhookUrl: options.webhookUrl,
    webhookRetryDelayMs: 200,
  });
}

/** A body signed as Meta signs its webhook deliveries (X-Hub-Signature-256). */
export function signedDelivery(payload: unknown): { body: string; signature: string } {
  const body = JSON.stringify(payload);
  return { body, signature: `sha256=${createHmac("sha256", INSTANCE_SECRETS.appSecret).update(body).digest("hex")}` };
}
