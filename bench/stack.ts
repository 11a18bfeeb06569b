/**
 * The processes the bench runs (builds, the Graph emulator, `next start` of the dashboard and of the bare app), each in
 * a process group of its own so that it and every worker it starts are stopped together, on every way out: the end of
 * the run, an error, Ctrl+C, or this process exiting.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ControlClient } from "../emulator/control-client";
import type { Inspectable } from "./heap";
import { sleep } from "./stats";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const BARE_DIR = path.join(ROOT, "bench", "bare");
/** bench/bare's pages behind Next.js's nonce proxy (bench/bare-proxy/proxy.tsx): a reference for information only. */
export const BARE_PROXY_DIR = path.join(ROOT, "bench", "bare-proxy");
export const RESULTS_DIR = path.join(ROOT, "bench", "results");
/** The dashboard's build for the bench: never .next, which a dev server or the e2e suite may be using. */
export const DIST_DIR = ".next-bench";
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const NEXT_SCRIPT = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const TSX_BIN = path.join(ROOT, "node_modules", ".bin", "tsx");

export const NUMBER = "106540352242922";
const GRAPH_VERSION = "v23.0";
/** Known to the bench so that it can call the emulator directly and sign webhooks itself. */
export const SECRETS = {
  accessToken: `bench-${randomBytes(8).toString("hex")}`,
  nextAuth: randomBytes(32).toString("base64"),
  appSecret: randomBytes(16).toString("hex"),
  verifyToken: randomBytes(8).toString("hex"),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Processes

export class Managed {
  private readonly lines: string[] = [];
  private failed = false;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) this.lines.push(line);
      if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
    };
    // Read even when nobody looks: a full pipe would stall a server that logs every request.
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      // Could not be started at all (no such command): no "exit" follows.
      child.once("error", (error) => {
        this.failed = true;
        this.lines.push(`could not start: ${error.message}`);
        resolve({ code: null, signal: null });
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no process id (it did not start)`);
    return this.child.pid;
  }

  get running(): boolean {
    return !this.failed && this.child.exitCode === null && this.child.signalCode === null;
  }

  has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  tail(count = 30): string {
    return this.lines.slice(-count).join("\n");
  }
}

const processes = new Set<Managed>();
const cleanups: { name: string; run: () => void }[] = [];

/** Starts `command` as the leader of a new process group, with exactly `env`. */
function launch(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const managed = new Managed(name, child);
  processes.add(managed);
  void managed.exited.then(() => processes.delete(managed));
  return managed;
}

function signalGroup(proc: Managed, signal: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the process group, SIGKILL after 5 s; then SIGKILL again for any worker that outlived its leader. */
export async function stop(proc: Managed): Promise<void> {
  if (proc.child.pid === undefined) return;
  if (proc.running) {
    signalGroup(proc, "SIGTERM");
    const timedOut = await Promise.race([proc.exited.then(() => false), sleep(5_000).then(() => true)]);
    if (timedOut) signalGroup(proc, "SIGKILL");
  }
  signalGroup(proc, "SIGKILL");
  processes.delete(proc);
}

/** Something to undo however the run ends (synchronous: it also runs on process exit). Runs once. */
export function onCleanup(name: string, run: () => void): () => void {
  let done = false;
  const entry = {
    name,
    run: () => {
      if (done) return;
      done = true;
      run();
    },
  };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    entry.run();
  };
}

function runCleanups(): void {
  for (const { name, run } of cleanups.splice(0).reverse()) {
    try {
      run();
    } catch (error) {
      console.error(`bench: cleanup "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...processes].map((proc) => stop(proc)));
  runCleanups();
}

export function installExitHandlers(): void {
  process.on("exit", () => {
    for (const proc of processes) signalGroup(proc, "SIGKILL");
    runCleanups();
  });
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping everything it started…`);
      void stopAll().finally(() => process.exit(code));
    });
  }
}

export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} is already in use (a previous bench still running?); free it and retry`);
  }
}

/** The environment a server gets: PATH and HOME of ours, nothing else but `env`. */
function serverEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env };
}

/**
 * BENCH_CPU_PROFILE=1: each `next start` writes a V8 CPU profile into bench/results/profiles when it stops (open it
 * in Chrome DevTools). Profiling slows the servers: the figures of such a run are not comparable with others.
 */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE === "1" ? path.join(RESULTS_DIR, "profiles") : null;

/** `next start` on `port`, as a command line (node itself when profiling: Node 20 refuses --cpu-prof in NODE_OPTIONS). */
function nextStart(port: number): [string, string[]] {
  const args = ["start", "-p", String(port), "-H", "127.0.0.1"];
  if (!PROFILE_DIR) return [NEXT_BIN, args];
  return [process.execPath, ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, NEXT_SCRIPT, ...args]];
}

async function waitFor(proc: Managed, what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} stopped before ${what}:\n${proc.tail()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${proc.name}: no ${what} within ${timeoutMs / 1000} s:\n${proc.tail()}`);
    await sleep(200);
  }
}

const answers = (url: string, ok: (status: number) => boolean) => () =>
  fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) })
    .then(async (r) => {
      await r.arrayBuffer();
      return ok(r.status);
    })
    .catch(() => false);

// ---------------------------------------------------------------------------------------------------------------
// Builds

/** True when `buildId` is missing or older than any file under `sources`. */
export function needsBuild(buildId: string, sources: string[]): boolean {
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return sources.some((source) => newestMtime(source) > built);
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(target)
    .filter((entry) => entry !== ".next" && entry !== "node_modules")
    .reduce((max, entry) => Math.max(max, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/**
 * `next build` in `cwd`, its output to `bench/results/<name>.log`. `next build` rewrites tsconfig.json and
 * next-env.d.ts for the dist dir it builds into: the `guarded` files get their content back afterwards, however the
 * build ends.
 */
export async function nextBuild(name: string, cwd: string, env: Record<string, string>, guarded: string[]): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${name}.log`);
  const saved = guarded.map((file) => ({ file, content: fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null }));
  const restore = onCleanup(`restore files after ${name}`, () => {
    for (const { file, content } of saved) {
      const now = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
      if (now === content) continue;
      if (content === null) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, content);
      console.log(`  (the build edited ${path.relative(ROOT, file)}; restored it)`);
    }
  });
  try {
    const proc = launch(name, NEXT_BIN, ["build"], { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    const { code, signal } = await proc.exited;
    fs.writeFileSync(logFile, proc.tail(400) + "\n");
    if (code !== 0)
      throw new Error(
        `${name} failed (${signal ?? `exit code ${code}`}); see ${path.relative(ROOT, logFile)}:\n${proc.tail(40)}`,
      );
  } finally {
    restore();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

export interface Emulator {
  proc: Managed;
  url: string;
  control: ControlClient;
}

/** The Graph emulator as its own process (as `npm run emulator` runs it), seeded with `seedGroups` on NUMBER. */
export async function startEmulator(port: number, seedGroups: number): Promise<Emulator> {
  const proc = launch("emulator", TSX_BIN, ["emulator/main.ts"], {
    cwd: ROOT,
    env: serverEnv({
      NODE_ENV: "production",
      EMULATOR_PORT: String(port),
      EMULATOR_HOST: "127.0.0.1",
      EMULATOR_ACCESS_TOKEN: SECRETS.accessToken,
      EMULATOR_PHONE_NUMBER_IDS: NUMBER,
      EMULATOR_SEED_GROUPS: String(seedGroups),
    }),
  });
  await waitFor(proc, "its ready line", () => Promise.resolve(proc.has(/Graph emulator ready/)));
  const url = `http://127.0.0.1:${port}`;
  return { proc, url, control: new ControlClient(url, { timeoutMs: 60_000 }) };
}

/** A `next start`; its `serverPid` is the `next-server` process that serves requests (its RSS is the server's memory). */
export interface NextServer extends Inspectable {
  proc: Managed;
  url: string;
}

/** Each server's inspector port (bench/heap.ts): its own port + 6000, clear of the bench's other ports. */
const inspectPortOf = (port: number) => port + 6000;

/** Lets bench/heap.ts turn the inspector on, on 127.0.0.1 only, when it reads the server's heap. */
function inspectable(port: number): Record<string, string> {
  return { NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectPortOf(port)}` };
}

/** `next start` of the dashboard's bench build, with the environment a deployment would give it. */
export async function startDashboard(options: {
  name: string;
  port: number;
  databaseUrl: string;
  emulatorUrl: string;
}): Promise<NextServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const [command, args] = nextStart(options.port);
  const proc = launch(options.name, command, args, {
    cwd: ROOT,
    env: serverEnv({
      ...inspectable(options.port),
      NEXT_DIST_DIR: DIST_DIR,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: SECRETS.nextAuth,
      DATABASE_URL: options.databaseUrl,
      GRAPH_API_BASE_URL: options.emulatorUrl,
      GRAPH_API_VERSION: GRAPH_VERSION,
      WHATSAPP_ACCESS_TOKEN: SECRETS.accessToken,
      WHATSAPP_PHONE_NUMBER_IDS: `${NUMBER}:Support line`,
      WHATSAPP_APP_SECRET: SECRETS.appSecret,
      WHATSAPP_WEBHOOK_VERIFY_TOKEN: SECRETS.verifyToken,
      // The bench starts each index walk itself, and times it.
      GROUP_SYNC_INTERVAL_MINUTES: "0",
      LOG_LEVEL: "info",
    }),
  });
  await waitFor(
    proc,
    "an answer on /api/health",
    answers(`${url}/api/health`, (s) => s === 200),
  );
  return { proc, url, serverPid: nextServerPid(proc.pid), inspectPort: inspectPortOf(options.port) };
}

/** `next start` of bench/bare (or of `dir`, bench/bare-proxy): only what its pages read. */
export async function startBare(port: number, emulatorUrl: string, dir = BARE_DIR): Promise<NextServer> {
  const url = `http://127.0.0.1:${port}`;
  const [command, args] = nextStart(port);
  const proc = launch(dir === BARE_DIR ? "bare app" : "bare app with a proxy", command, args, {
    cwd: dir,
    env: serverEnv({
      ...inspectable(port),
      GRAPH_API_BASE_URL: emulatorUrl,
      WHATSAPP_ACCESS_TOKEN: SECRETS.accessToken,
    }),
  });
  await waitFor(
    proc,
    "an answer",
    answers(`${url}/`, (s) => s < 500),
  );
  return { proc, url, serverPid: nextServerPid(proc.pid), inspectPort: inspectPortOf(port) };
}

// ---------------------------------------------------------------------------------------------------------------
// Memory

/** Resident set size in MB from /proc (Linux); null when the process is gone or /proc is not there. */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 102.4) / 10;
  } catch {
    return null;
  }
}

/**
 * CPU time the process has used so far, user and system, in milliseconds (from /proc: clock ticks, 100 a second on
 * Linux); null where there is no /proc.
 */
export function cpuMs(pid: number): number | null {
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * The fields of /proc/<pid>/stat after the command name (state, ppid, …, utime at 11, stime at 12); throws when the
 * process is gone. The name, in parentheses, may hold spaces and parentheses: the fields are counted from after its end.
 */
function statFields(pid: number | string): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
}

/** `next start` retitles itself `next-server`; should a version serve from a child instead, that child is the one. */
function nextServerPid(rootPid: number): number {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return rootPid;
  }
  for (const entry of entries) {
    try {
      const ppid = Number(statFields(entry)[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server")) return pid;
    } catch {
      // gone meanwhile
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return rootPid;
}
