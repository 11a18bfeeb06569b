/**
 * npm run bench — measures the project's three budgets against a production build and prints a short table; the
 * numbers also go to bench/results/latest.json. It reports, it does not fail on a missed budget (exit code 0 unless
 * the stack could not be measured at all).
 *
 *   1. First-load JS per page (gzip) ≤ 1.3 × a bare Next 16.4 + React 19.3 page (134 kB) = 174 kB.
 *   2. Dashboard overhead on a Graph call: p50 ≤ 15 ms (page time minus the emulator's own answer time).
 *   3. 10,000 groups browsable at any page size up to 1024.
 *
 * It builds into .next-bench and uses ports 3300 / 4300 so it never disturbs a dev server or the e2e suite (.next,
 * 3100 / 4100). The stack is started through scripts/demo.ts as a detached child and its process group is killed on
 * every way out.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const DIST_DIR = ".next-bench";
const PORT = 3300;
const EMULATOR_PORT = 4300;
const DASHBOARD = `http://127.0.0.1:${PORT}`;
const EMULATOR = `http://127.0.0.1:${EMULATOR_PORT}`;
const NUMBER = "106540352242922";
const SEED_GROUPS = 10_000;
const GRAPH_VERSION = "v23.0";
const MANAGER = { email: "manager@demo.local", password: "demo-manager-pass" };

const BARE_NEXT_KB = 134;
const FIRST_LOAD_BUDGET_KB = 1.3 * BARE_NEXT_KB;
const OVERHEAD_BUDGET_MS = 15;
const INJECTED_LATENCY_MS = 200;
const OVERHEAD_SAMPLES = 30;
const OVERHEAD_WARMUPS = 3;
const WALK_LIMIT = 1024;
const EXPECTED_ROUTES = ["/login", "/groups", "/groups/new", "/requests", "/users", "/forbidden", "/_not-found"];
const STARTUP_TIMEOUT_MS = 15 * 60_000; // includes a first build on 2 cores
const REQUEST_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Stack lifecycle

let stack: ChildProcess | null = null;
const stackOutput: string[] = [];

function remember(text: string) {
  for (const line of text.split("\n")) if (line.trim()) stackOutput.push(line);
  if (stackOutput.length > 200) stackOutput.splice(0, stackOutput.length - 200);
}

let stopping = false;

function killStack(signal: NodeJS.Signals) {
  const pid = stack?.pid;
  if (!pid) return;
  try {
    process.kill(-pid, signal); // the whole process group: demo.ts, the emulator, next start and its workers
  } catch {
    // already gone
  }
}

async function stopStack() {
  const child = stack;
  if (!child?.pid) return;
  stopping = true;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once("exit", () => r()));
  killStack("SIGTERM");
  const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  if (timedOut) killStack("SIGKILL");
  // Workers of `next start` may outlive demo.ts for a moment; make sure nothing in the group survives.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // nothing left
  }
  stack = null;
}

process.on("exit", () => killStack("SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping the stack…`);
    void stopStack().finally(() => process.exit(130));
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function startStack(): Promise<void> {
  for (const port of [PORT, EMULATOR_PORT]) {
    if (!(await portIsFree(port)))
      throw new Error(`port ${port} is already in use (a previous bench still running?); free it and retry`);
  }
  console.log(
    `Starting the stack (scripts/demo.ts; build dir ${DIST_DIR}, ports ${PORT}/${EMULATOR_PORT}, ${SEED_GROUPS} seeded groups)…`,
  );
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/demo.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      PORT: String(PORT),
      EMULATOR_PORT: String(EMULATOR_PORT),
      DATABASE_URL: "file:./data/bench.db",
      EMULATOR_SEED_GROUPS: String(SEED_GROUPS),
    },
  });
  stack = child;
  // `next build` rewrites tsconfig.json (include) and next-env.d.ts for the new dist dir; put them back afterwards so
  // the bench leaves the working tree as it found it.
  const guarded = ["tsconfig.json", "next-env.d.ts"].map((file) => {
    const full = path.join(root, file);
    return { file, full, before: fs.existsSync(full) ? fs.readFileSync(full, "utf8") : null };
  });

  await new Promise<void>((resolve, reject) => {
    let ready = false;
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(`${message}\n--- last output of the stack ---\n${stackOutput.slice(-40).join("\n")}`));
    };
    const timer = setTimeout(
      () => fail(`the stack did not become ready within ${STARTUP_TIMEOUT_MS / 60_000} min`),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      remember(text);
      if (!ready && /Building the dashboard/.test(text)) console.log("  (building into .next-bench, this takes a few minutes)");
      if (!ready && /Sign in as:/.test(text)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => fail(`could not start scripts/demo.ts: ${error.message}`));
    child.once("exit", (code, signal) => {
      if (!ready) fail(`scripts/demo.ts stopped before the stack was ready (${signal ?? `exit code ${code}`})`);
      else if (!stopping) console.error(`bench: the stack stopped unexpectedly (${signal ?? `exit code ${code}`})`);
    });
  });

  for (const { file, full, before } of guarded) {
    if (before !== null && fs.existsSync(full) && fs.readFileSync(full, "utf8") !== before) {
      fs.writeFileSync(full, before);
      console.log(`  (the build edited ${file}; restored it)`);
    }
  }
  const tsconfig = spawnSync("git", ["diff", "--stat", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  if (tsconfig.stdout?.trim())
    console.warn(
      `bench: WARNING — tsconfig.json differs from git (\`git checkout tsconfig.json\` restores it):\n${tsconfig.stdout}`,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers

async function timedFetch(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; ms: number; body: string; response: Response }> {
  const start = performance.now();
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - start, body, response };
}

async function emulatorJson<T>(method: "GET" | "POST" | "DELETE", pathname: string, body?: unknown): Promise<T> {
  // The emulator's typed control client (emulator/control-client.ts: fetch only, no dependencies).
  const { ControlClient } = await import("../emulator/control-client");
  return new ControlClient(EMULATOR, { timeoutMs: REQUEST_TIMEOUT_MS }).request<T>(method, pathname, body);
}

type GraphCall = { method: string; path: string; query?: unknown; authorization?: string | null };

async function graphCalls(): Promise<GraphCall[]> {
  return (await emulatorJson<{ calls: GraphCall[] }>("GET", "calls")).calls;
}

/** next-auth v4 credentials sign-in over plain HTTP; returns the Cookie header to send afterwards. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  const csrf = await fetch(`${DASHBOARD}/api/auth/csrf`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const callback = await fetch(`${DASHBOARD}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email: MANAGER.email, password: MANAGER.password, json: "true" }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  keep(callback);
  await callback.text();
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
    throw new Error(`signing in as ${MANAGER.email} gave no session cookie (status ${callback.status})`);
  }
  return header();
}

// ---------------------------------------------------------------------------------------------------------------
// Stats and formatting

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? "OK" : "OVER BUDGET");

function sleep(msToWait: number) {
  return new Promise((r) => setTimeout(r, msToWait));
}

function decodeHtml(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function nextHref(html: string): string | null {
  for (const tag of html.match(/<a\b[^>]*>/g) ?? []) {
    if (!/\brel="next"/.test(tag)) continue;
    const href = /\bhref="([^"]*)"/.exec(tag)?.[1];
    if (href) return decodeHtml(href);
  }
  return null;
}

const countRows = (html: string) => html.split('data-testid="group-row"').length - 1;

// ---------------------------------------------------------------------------------------------------------------
// Budget 1: first-load JS

type RouteJs = { route: string; chunks: number; gzipBytes: number; kB: number; ok: boolean };

function measureFirstLoadJs(): RouteJs[] {
  const statsFile = path.join(root, DIST_DIR, "diagnostics", "route-bundle-stats.json");
  if (!fs.existsSync(statsFile))
    throw new Error(`${path.relative(root, statsFile)} is missing — did the build into ${DIST_DIR} run?`);
  const stats = JSON.parse(fs.readFileSync(statsFile, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
  const gzipCache = new Map<string, number>();
  const gzipSize = (chunk: string) => {
    // Paths are written relative to the project (".next-bench/static/…"); accept dist-relative ones too.
    const file = [path.resolve(root, chunk), path.resolve(root, DIST_DIR, chunk)].find((f) => fs.existsSync(f));
    if (!file) throw new Error(`chunk ${chunk} listed in route-bundle-stats.json does not exist`);
    let size = gzipCache.get(file);
    if (size === undefined) {
      size = zlib.gzipSync(fs.readFileSync(file)).length;
      gzipCache.set(file, size);
    }
    return size;
  };
  const rows = stats.map(({ route, firstLoadChunkPaths }) => {
    const gzipBytes = [...new Set(firstLoadChunkPaths)].reduce((sum, chunk) => sum + gzipSize(chunk), 0);
    const kB = gzipBytes / 1000;
    return { route, chunks: firstLoadChunkPaths.length, gzipBytes, kB: round(kB), ok: kB <= FIRST_LOAD_BUDGET_KB };
  });
  const order = (route: string) => (EXPECTED_ROUTES.includes(route) ? EXPECTED_ROUTES.indexOf(route) : EXPECTED_ROUTES.length);
  rows.sort((a, b) => order(a.route) - order(b.route) || a.route.localeCompare(b.route));
  const missing = EXPECTED_ROUTES.filter((r) => !rows.some((row) => row.route === r));
  if (missing.length) console.warn(`bench: route-bundle-stats.json has no entry for ${missing.join(", ")}`);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Budget 2: dashboard overhead on one Graph call

async function measureOverhead(cookie: string, latencyMs: number) {
  const pageUrl = `${DASHBOARD}/groups?number=${NUMBER}&limit=25`;
  await emulatorJson("DELETE", "faults");
  if (latencyMs > 0) await emulatorJson("POST", "faults", { method: "GET", path: "/*/groups", latencyMs });

  const pageTimes: number[] = [];
  const directTimes: number[] = [];
  const diffs: number[] = [];
  const callDeltas: number[] = [];
  let graphCall: GraphCall | undefined;
  try {
    // The call log is read only around the warm-ups and once after the samples: parsing it between samples would
    // put this process's own garbage collection into the timings.
    let sampleStart = 0;
    for (let i = 0; i < OVERHEAD_WARMUPS + OVERHEAD_SAMPLES; i++) {
      const warmup = i < OVERHEAD_WARMUPS;
      const before = warmup ? (await graphCalls()).length : 0;
      if (i === OVERHEAD_WARMUPS) sampleStart = (await graphCalls()).length;
      const page = await timedFetch(pageUrl, { headers: { cookie } });
      if (page.status !== 200)
        throw new Error(
          `GET ${pageUrl} answered ${page.status}${page.status < 400 ? ` → ${page.response.headers.get("location")}` : ""}`,
        );
      if (countRows(page.body) !== 25) throw new Error(`GET ${pageUrl} rendered ${countRows(page.body)} group rows, expected 25`);
      if (warmup) {
        const calls = await graphCalls();
        callDeltas.push(calls.length - before);
        graphCall ??= calls.filter((c) => c.method === "GET" && c.path.endsWith(`/${NUMBER}/groups`)).at(-1);
      }
      if (!graphCall?.authorization)
        throw new Error("could not read the dashboard's Graph call (and its token) from /__emulator/calls");

      // The same Graph call, made directly: the emulator's own answer time, injected latency included.
      const direct = await timedFetch(`${EMULATOR}/${GRAPH_VERSION}/${NUMBER}/groups?limit=25`, {
        headers: { authorization: graphCall.authorization },
      });
      if (direct.status !== 200) throw new Error(`direct Graph call answered ${direct.status}: ${direct.body.slice(0, 200)}`);
      if (warmup) continue;
      pageTimes.push(page.ms);
      directTimes.push(direct.ms);
      diffs.push(page.ms - direct.ms);
    }
    // Each sample made one page load and one direct call: anything else means the page made more than one Graph call.
    const perSample = ((await graphCalls()).length - sampleStart) / OVERHEAD_SAMPLES - 1;
    callDeltas.push(perSample);
  } finally {
    await emulatorJson("DELETE", "faults");
  }
  const p50 = percentile(diffs, 50);
  return {
    url: pageUrl.replace(DASHBOARD, ""),
    injectedLatencyMs: latencyMs,
    samples: OVERHEAD_SAMPLES,
    warmups: OVERHEAD_WARMUPS,
    graphCallsPerPage: [...new Set(callDeltas)],
    graphCallPath: graphCall?.path,
    pageMs: {
      p50: round(percentile(pageTimes, 50)),
      p90: round(percentile(pageTimes, 90)),
      min: round(Math.min(...pageTimes)),
      max: round(Math.max(...pageTimes)),
    },
    directMs: { p50: round(percentile(directTimes, 50)), p90: round(percentile(directTimes, 90)) },
    overheadMs: {
      p50: round(p50),
      p90: round(percentile(diffs, 90)),
      min: round(Math.min(...diffs)),
      max: round(Math.max(...diffs)),
    },
    pageMinusInjectedMs: { p50: round(percentile(pageTimes, 50) - latencyMs), p90: round(percentile(pageTimes, 90) - latencyMs) },
    budgetMs: OVERHEAD_BUDGET_MS,
    ok: p50 <= OVERHEAD_BUDGET_MS && callDeltas.every((d) => d === 1),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Budget 3: 10,000 groups at any page size

async function measureBrowsing(cookie: string) {
  const pages: { ms: number; rows: number; htmlBytes: number }[] = [];
  let url: string | null = `/groups?number=${NUMBER}&limit=${WALK_LIMIT}`;
  const seen = new Set<string>();
  while (url) {
    if (seen.has(url) || pages.length > 50) throw new Error(`the Next links loop (at ${url})`);
    seen.add(url);
    const page = await timedFetch(`${DASHBOARD}${url}`, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
    pages.push({ ms: round(page.ms), rows: countRows(page.body), htmlBytes: Buffer.byteLength(page.body) });
    url = nextHref(page.body);
  }
  const rows = pages.reduce((sum, p) => sum + p.rows, 0);
  const times = pages.map((p) => p.ms);

  const sizes: { limit: number; ms: number; rows: number; htmlBytes: number }[] = [];
  for (const limit of [10, 100, 1024]) {
    const page = await timedFetch(`${DASHBOARD}/groups?number=${NUMBER}&limit=${limit}`, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`GET /groups?limit=${limit} answered ${page.status}`);
    sizes.push({ limit, ms: round(page.ms), rows: countRows(page.body), htmlBytes: Buffer.byteLength(page.body) });
  }
  return {
    limit: WALK_LIMIT,
    pages: pages.length,
    rows,
    expectedRows: SEED_GROUPS,
    pageMs: { p50: round(percentile(times, 50)), max: round(Math.max(...times)) },
    htmlBytes: {
      p50: Math.round(
        percentile(
          pages.map((p) => p.htmlBytes),
          50,
        ),
      ),
      max: Math.max(...pages.map((p) => p.htmlBytes)),
    },
    perPage: pages,
    singlePages: sizes,
    ok: rows === SEED_GROUPS && sizes.every((s) => s.rows === Math.min(s.limit, SEED_GROUPS)),
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const [load1] = os.loadavg();
  if (load1! > os.cpus().length)
    console.warn(`bench: note — load average ${load1!.toFixed(1)} on ${os.cpus().length} cores; timings will be noisy.`);
  const t0 = performance.now();
  await startStack();
  const state = await emulatorJson<{ groups: Record<string, number> }>("GET", "state");
  if (state.groups[NUMBER] !== SEED_GROUPS)
    throw new Error(`the emulator holds ${state.groups[NUMBER]} groups on ${NUMBER}, expected ${SEED_GROUPS}`);

  console.log("\n1. First-load JS per page (gzip, 1 kB = 1000 B)");
  const firstLoad = measureFirstLoadJs();
  const bare = firstLoad.find((r) => r.route === "/_not-found");
  for (const r of firstLoad) {
    const note = r.route === "/_not-found" ? "  ← this build's near-bare reference" : "";
    console.log(
      `   first-load JS ${r.route.padEnd(12)} ${r.kB.toFixed(1).padStart(6)} kB gzip (budget ${FIRST_LOAD_BUDGET_KB.toFixed(0)} kB) ${verdict(r.ok)}${note}`,
    );
  }

  console.log(
    `\n2. Dashboard overhead on a Graph call (${INJECTED_LATENCY_MS} ms injected; ${OVERHEAD_SAMPLES} samples after ${OVERHEAD_WARMUPS} warm-ups)`,
  );
  const cookie = await signIn();
  const overhead = await measureOverhead(cookie, INJECTED_LATENCY_MS);
  console.log(
    `   GET ${overhead.url}: page p50 ${ms(overhead.pageMs.p50)}, p90 ${ms(overhead.pageMs.p90)}; direct Graph call p50 ${ms(overhead.directMs.p50)}`,
  );
  console.log(
    `   Graph calls per page load: ${overhead.graphCallsPerPage.join(", ")} ${overhead.graphCallsPerPage.length === 1 && overhead.graphCallsPerPage[0] === 1 ? "(as expected)" : "(EXPECTED exactly 1)"}`,
  );
  console.log(
    `   overhead p50 ${ms(overhead.overheadMs.p50)}, p90 ${ms(overhead.overheadMs.p90)} (budget p50 ≤ ${OVERHEAD_BUDGET_MS} ms) ${verdict(overhead.ok)}`,
  );
  // For reading the number above: the same measurement with no injected latency (render cost alone).
  const noLatency = await measureOverhead(cookie, 0);
  console.log(
    `   (reference, no injected latency: page p50 ${ms(noLatency.pageMs.p50)}, direct p50 ${ms(noLatency.directMs.p50)}, overhead p50 ${ms(noLatency.overheadMs.p50)}, p90 ${ms(noLatency.overheadMs.p90)})`,
  );

  console.log(`\n3. ${SEED_GROUPS.toLocaleString("en")} groups, walked at limit=${WALK_LIMIT} via the Next link`);
  const browsing = await measureBrowsing(cookie);
  console.log(
    `   ${browsing.pages} pages, ${browsing.rows} rows (expected ${SEED_GROUPS}); per page p50 ${ms(browsing.pageMs.p50)}, max ${ms(browsing.pageMs.max)}; HTML p50 ${(browsing.htmlBytes.p50 / 1000).toFixed(0)} kB, max ${(browsing.htmlBytes.max / 1000).toFixed(0)} kB ${verdict(browsing.ok)}`,
  );
  for (const s of browsing.singlePages)
    console.log(
      `   limit=${String(s.limit).padEnd(5)} ${ms(s.ms).padStart(10)}  ${String(s.rows).padStart(5)} rows  ${(s.htmlBytes / 1000).toFixed(0)} kB HTML`,
    );

  const results = {
    startedAt: startedAt.toISOString(),
    durationS: round((performance.now() - t0) / 1000),
    node: process.version,
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)),
    distDir: DIST_DIR,
    firstLoadJs: {
      unit: "kB gzip (1000 B)",
      bareNextKB: BARE_NEXT_KB,
      budgetKB: round(FIRST_LOAD_BUDGET_KB),
      notFoundReferenceKB: bare?.kB ?? null,
      routes: firstLoad,
    },
    graphOverhead: overhead,
    graphOverheadWithoutLatency: { ...noLatency, budgetMs: undefined, ok: undefined }, // reference only
    browsing,
  };
  const outDir = path.join(root, "bench", "results");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`\nWrote bench/results/latest.json (${results.durationS} s).`);
}

main()
  .then(() => stopStack())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    console.error(`\nbench: ${error instanceof Error ? error.message : String(error)}`);
    await stopStack();
    process.exit(1);
  });
