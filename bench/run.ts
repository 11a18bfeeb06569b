/**
 * npm run bench — the project's budgets, measured as ratios to a bare Next.js app (bench/bare: same next and react,
 * one server component per page, no auth, no client JS of its own) that the bench builds and runs beside the
 * dashboard, against the same Graph emulator (10,000 groups, 100 ms injected on every read):
 *
 *   1. first-load JS (gzip) of every dashboard page ≤ 1.3 × the bare /groups page;
 *   2. time a page adds to its Graph calls, p50: /groups live ≤ 1.25 × bare + 2 ms at 25 rows, ≤ 1.5 × bare at 1024;
 *      the group page (three reads) ≤ 1.25 × bare + 2 ms;
 *   3. 50 signed-in clients for 30 s: 0 errors, requests/s ≥ 0.8 × bare, memory flat (and, for information, a built
 *      script under 50 clients for 10 s);
 *   4. the group index at 10,000 groups: full sync < 10 s, search page < 50 ms, CSV export < 1 s;
 *   5. two instances on one PostgreSQL database under load and a stream of webhooks: 0 errors, 0 deliveries lost;
 *   6. the timings unit tests no longer bound (webhook batch, emulator latency and paging, retry waits).
 *
 * Figures 2 and 3 also measure, for information, the same bare pages behind the nonce proxy of Next.js's CSP guide
 * (bench/bare-proxy): what such a proxy costs any app, apart from what the dashboard adds.
 *
 * It prints a table and writes bench/results/latest.json. A missed budget is reported, never fatal: the exit code is
 * 1 only when something could not be measured. Ports 3500 / 3501 (dashboard A / B), 3502 (bare), 3503 (bare with a
 * proxy), 4500 (emulator); the dashboard is built into .next-bench, the bare apps into their own .next.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { measureBundles } from "./bundles";
import { indexRows, type IndexResult, measureIndexPages, syncIndex } from "./group-index";
import { countGroupRows, signInMany, timedFetch } from "./http";
import { assetRows, type LoadResult, loadRows, runLoad, warmUp } from "./load";
import { measureAlone, measurePair, PAGE_WARM_UP, type PageSpec, pairRows } from "./pages";
import { findPostgres, measureTwoInstances, twoInstanceRows } from "./postgres";
import { ms, printTable, type Section, writeResults } from "./report";
import {
  assertPortsFree,
  BARE_DIR,
  BARE_PROXY_DIR,
  DIST_DIR,
  type Emulator,
  installExitHandlers,
  type NextServer,
  NUMBER,
  needsBuild,
  nextBuild,
  onCleanup,
  ROOT,
  SECRETS,
  startBare,
  startDashboard,
  startEmulator,
  stop,
  stopAll,
} from "./stack";
import { round, sleep } from "./stats";
import { measureUnits, unitRows } from "./units";

const PORTS = { dashboardA: 3500, dashboardB: 3501, bare: 3502, bareProxy: 3503, emulator: 4500 } as const;
const SEED_GROUPS = 10_000;
const INJECTED_LATENCY_MS = 100;
const SAMPLES = 40;
const WARMUPS = 5;
const LOAD = { connections: 50, durationS: 30 } as const;
/** The same clients asking for a built script, as a first visit (or the first after a deploy) does a dozen times. */
const ASSET_LOAD = { connections: 50, durationS: 10 } as const;
const TWO_INSTANCES = { connectionsEach: 25, durationS: 60, webhooksPerSecond: 10 } as const;
/** A word in 625 of the seeded subjects (emulator/seed.ts). */
const SEARCH_WORD = "Photography";
const USER = { email: "bench-manager@example.com", password: "bench-manager-password" } as const;

/** The dashboard's sources: a change in any of them means .next-bench is stale. */
const DASHBOARD_SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tailwind.config.ts",
  "package-lock.json",
].map((source) => path.join(ROOT, source));
const BARE_SOURCES = ["app", "next.config.mjs", "tsconfig.json"].map((source) => path.join(BARE_DIR, source));
const BARE_PROXY_SOURCES = [
  ...BARE_SOURCES,
  ...["proxy.tsx", "next.config.mjs", "tsconfig.json"].map((source) => path.join(BARE_PROXY_DIR, source)),
];

async function buildBoth(): Promise<void> {
  if (needsBuild(path.join(ROOT, DIST_DIR, "BUILD_ID"), DASHBOARD_SOURCES)) {
    console.log(`Building the dashboard into ${DIST_DIR} (its sources changed; a few minutes on 2 cores)…`);
    await nextBuild("build-dashboard", ROOT, { NEXT_DIST_DIR: DIST_DIR }, [
      path.join(ROOT, "tsconfig.json"),
      path.join(ROOT, "next-env.d.ts"),
    ]);
  } else console.log(`The dashboard's build in ${DIST_DIR} is current.`);
  if (needsBuild(path.join(BARE_DIR, ".next", "BUILD_ID"), [...BARE_SOURCES, path.join(ROOT, "package-lock.json")])) {
    console.log("Building the bare app (bench/bare)…");
    await nextBuild("build-bare", BARE_DIR, {}, [path.join(BARE_DIR, "tsconfig.json")]);
  } else console.log("The bare app's build is current.");
  if (needsBuild(path.join(BARE_PROXY_DIR, ".next", "BUILD_ID"), [...BARE_PROXY_SOURCES, path.join(ROOT, "package-lock.json")])) {
    console.log("Building the bare app with a nonce proxy (bench/bare-proxy, bench/bare's pages)…");
    const pages = path.join(BARE_PROXY_DIR, "app");
    fs.rmSync(pages, { recursive: true, force: true });
    fs.cpSync(path.join(BARE_DIR, "app"), pages, { recursive: true });
    await nextBuild("build-bare-proxy", BARE_PROXY_DIR, {}, [path.join(BARE_PROXY_DIR, "tsconfig.json")]);
  } else console.log("The bare app with a proxy: its build is current.");
}

/** A migrated database with the bench's manager in it (what `npm run user:add` does). */
async function prepareDatabase(databaseUrl: string): Promise<void> {
  const { openDatabase } = await import("@/lib/db/connection");
  const { migrateToLatest } = await import("@/lib/db/migrations");
  const { upsertUser } = await import("@/lib/db/users");
  const { hashPassword } = await import("@/lib/auth/password");
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>);
    await upsertUser(
      db,
      { email: USER.email, passwordHash: await hashPassword(USER.password), role: "manager" },
      { email: "npm run bench", role: "system" },
    );
  } finally {
    await db.destroy();
  }
}

/** Every Graph read the two apps make waits INJECTED_LATENCY_MS, as a call to Meta would. */
async function injectLatency(emulator: Emulator): Promise<void> {
  await emulator.control.clearFaults();
  for (const pattern of ["/*/groups", "/*", "/*/invite_link", "/*/join_requests"])
    await emulator.control.addFault({ method: "GET", path: pattern, latencyMs: INJECTED_LATENCY_MS });
}

/** A group that asks for approval (so its page shows join requests too), with a few requests waiting. */
async function pickGroup(emulator: Emulator): Promise<{ id: string; subject: string; inviteLink: string }> {
  const graph = async <T>(pathAndQuery: string): Promise<T> => {
    const answer = await timedFetch(`${emulator.url}/v23.0/${pathAndQuery}`, {
      headers: { authorization: `Bearer ${SECRETS.accessToken}` },
    });
    if (answer.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${answer.status}`);
    return JSON.parse(answer.body) as T;
  };
  const { data } = await graph<{ data: { groups: { id: string; subject: string }[] } }>(`${NUMBER}/groups?limit=8`);
  for (const group of data.groups) {
    const info = await graph<{ join_approval_mode?: string }>(`${group.id}?fields=join_approval_mode`);
    if (info.join_approval_mode !== "approval_required") continue;
    await emulator.control.joinRequests(group.id, { count: 5 });
    const { invite_link: inviteLink } = await graph<{ invite_link: string }>(`${group.id}/invite_link`);
    return { id: group.id, subject: group.subject, inviteLink };
  }
  throw new Error("none of the 8 newest groups asks for approval");
}

const rowsCheck =
  (expected: number) =>
  (html: string): string | null => {
    const rows = countGroupRows(html);
    return rows === expected ? null : `rendered ${rows} group rows, expected ${expected}`;
  };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The dashboard's live list (one Graph call, as the bare page makes) and the bare app's list, of `limit` rows. */
const liveListUrl = (dashboard: NextServer, limit: number) => `${dashboard.url}/groups?number=${NUMBER}&limit=${limit}&view=live`;
const bareListUrl = (app: NextServer, limit: number) => `${app.url}/groups?number=${NUMBER}&limit=${limit}`;

async function main(): Promise<number> {
  installExitHandlers();
  // The bench's own use of lib/ (databases, the webhook batch) must not fill the terminal with server log lines.
  process.env.LOG_LEVEL = "silent";
  const startedAt = new Date();
  const t0 = performance.now();
  const loadAtStart = os.loadavg();
  if (loadAtStart[0]! > os.cpus().length)
    console.warn(`bench: load average ${loadAtStart[0]!.toFixed(1)} on ${os.cpus().length} cores; timings will be noisy.`);
  await assertPortsFree(Object.values(PORTS));
  await buildBoth();

  const sections: Section[] = [];
  const results: Record<string, unknown> = {};
  const section = (title: string): Section => {
    const s: Section = { title, rows: [] };
    sections.push(s);
    return s;
  };
  const fig1 = section("1. First-load JS per page, gzip (bare: its /groups page)");
  const fig2 = section(
    `2. Time a page adds to its Graph calls (${INJECTED_LATENCY_MS} ms injected; each page warmed by ${PAGE_WARM_UP.connections} clients for ${PAGE_WARM_UP.durationS} s, then ${SAMPLES} samples after ${WARMUPS} warm-ups, interleaved)`,
  );
  const fig3 = section(`3. ${LOAD.connections} signed-in clients for ${LOAD.durationS} s (same injected latency)`);
  const fig4 = section(`4. The group index at ${SEED_GROUPS.toLocaleString("en")} groups (SQLite)`);
  const fig5 = section("5. Two instances on one PostgreSQL database (issue 13)");
  const fig6 = section("6. Timings moved out of the unit tests (in-process, before the servers start)");

  const attempt = async (target: Section, what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      target.error = errorText(error);
      console.error(`bench: ${what} could not be measured: ${target.error}`);
    }
  };

  await attempt(fig1, "first-load JS", () => {
    const bundles = measureBundles();
    fig1.rows.push(...bundles.rows);
    results.firstLoadJs = { unit: "bytes, gzip", ...bundles.details };
    return Promise.resolve();
  });

  console.log("Measuring the timings moved out of the unit tests…");
  await attempt(fig6, "the unit-test timings", async () => {
    const units = await measureUnits();
    fig6.rows.push(...unitRows(units));
    results.units = units;
  });

  console.log(`Starting the emulator (${SEED_GROUPS.toLocaleString("en")} groups), the dashboard (SQLite) and the bare apps…`);
  const emulator = await startEmulator(PORTS.emulator, SEED_GROUPS);
  const groupCount = (await emulator.control.state()).groups[NUMBER];
  if (groupCount !== SEED_GROUPS)
    throw new Error(`the emulator holds ${groupCount} groups on ${NUMBER}, expected ${SEED_GROUPS}`);
  await injectLatency(emulator);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sqlite-"));
  onCleanup("remove the SQLite database", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const sqliteUrl = `file:${path.join(dataDir, "dashboard.db")}`;
  await prepareDatabase(sqliteUrl);
  const [dashboard, bare, bareProxy] = await Promise.all([
    startDashboard({ name: "dashboard A", port: PORTS.dashboardA, databaseUrl: sqliteUrl, emulatorUrl: emulator.url }),
    startBare(PORTS.bare, emulator.url),
    startBare(PORTS.bareProxy, emulator.url, BARE_PROXY_DIR),
  ]);
  const cookies = await signInMany(dashboard.url, USER.email, USER.password, 5);
  const cookie = cookies[0]!;

  // The index first: until it is built, a view of /groups starts a walk that would make Graph calls mid-measurement.
  const index: Partial<IndexResult> = {};
  console.log("Syncing the group index…");
  await attempt(fig4, "the index sync", async () => {
    index.sync = await syncIndex(dashboard, cookie);
    index.resync = await syncIndex(dashboard, cookie);
  });

  console.log("Timing pages against the bare apps…");
  await attempt(fig2, "page times", async () => {
    const pages: Record<string, unknown> = {};
    for (const limit of [25, 1024]) {
      const dashboardPage: PageSpec = {
        url: liveListUrl(dashboard, limit),
        cookie,
        check: rowsCheck(limit),
      };
      const bareList = (app: NextServer): PageSpec => ({
        url: bareListUrl(app, limit),
        check: rowsCheck(limit),
      });
      const result = await measurePair(emulator, {
        label: `/groups live, ${limit} rows`,
        dashboard: dashboardPage,
        bare: bareList(bare),
        bareProxy: bareList(bareProxy),
        graphCalls: 1,
        samples: SAMPLES,
        warmups: WARMUPS,
      });
      pages[`live${limit}`] = result;
      fig2.rows.push(...pairRows(result, limit === 25 ? { factor: 1.25, plusMs: 2 } : { factor: 1.5, plusMs: 0 }));
    }
    const group = await pickGroup(emulator);
    const shows = (html: string) =>
      html.includes(group.subject) && html.includes(group.inviteLink)
        ? null
        : "does not show the group's subject and invite link";
    const groupPage = await measurePair(emulator, {
      label: "group page (3 reads)",
      dashboard: { url: `${dashboard.url}/groups/${group.id}?number=${NUMBER}`, cookie, check: shows },
      bare: { url: `${bare.url}/groups/${group.id}`, check: shows },
      bareProxy: { url: `${bareProxy.url}/groups/${group.id}`, check: shows },
      graphCalls: 3,
      samples: SAMPLES,
      warmups: WARMUPS,
    });
    pages.groupPage = groupPage;
    fig2.rows.push(...pairRows(groupPage, { factor: 1.25, plusMs: 2 }));
    const indexPage = await measureAlone(emulator, {
      label: "/groups index",
      page: { url: `${dashboard.url}/groups?number=${NUMBER}`, cookie, check: rowsCheck(25) },
      samples: SAMPLES,
      warmups: WARMUPS,
    });
    pages.indexPage = indexPage;
    fig2.rows.push({
      figure: "/groups index, 25 rows (no Graph call): page time p50",
      dashboard: ms(indexPage.pageMs.p50),
      bare: "—",
      ratio: "—",
      goal: "",
      verdict: "info",
    });
    results.pages = pages;
  });

  await attempt(fig4, "the index pages", async () => {
    if (!index.sync || !index.resync) throw new Error("the index was not built");
    const pages = await measureIndexPages(dashboard, cookie, {
      query: SEARCH_WORD,
      samples: SAMPLES,
      warmups: WARMUPS,
      exportSamples: 5,
      expectedGroups: SEED_GROUPS,
    });
    const full: IndexResult = { sync: index.sync, resync: index.resync, ...pages };
    fig4.rows.push(...indexRows(full, SEED_GROUPS));
    results.index = full;
  });

  console.log(`Load: ${LOAD.connections} clients for ${LOAD.durationS} s on the dashboard, then the bare apps…`);
  await attempt(fig3, "the load figures", async () => {
    const liveUrl = liveListUrl(dashboard, 25);
    const bareUrl = bareListUrl(bare, 25);
    const indexUrl = `${dashboard.url}/groups?number=${NUMBER}`;
    const verifyBody = (html: string) => countGroupRows(html) === 25;
    const measure = async (url: string, server: NextServer, sessions?: string[]): Promise<LoadResult> => {
      await warmUp(url, sessions, LOAD.connections);
      // runLoad reads the heap 2 s after the clients stop: the server is idle again when it returns.
      return runLoad({ url, ...LOAD, cookies: sessions, verifyBody, server });
    };
    const live = await measure(liveUrl, dashboard, cookies);
    const bareLoad = await measure(bareUrl, bare);
    const bareProxyLoad = await measure(bareListUrl(bareProxy, 25), bareProxy);
    const indexLoad = await measure(indexUrl, dashboard, cookies);
    fig3.rows.push(...loadRows(live, bareLoad, indexLoad, bareProxyLoad));
    const assets = {
      dashboard: await measureAsset(await runtimeScriptOf(liveUrl, cookie)),
      bare: await measureAsset(await runtimeScriptOf(bareUrl)),
    };
    fig3.rows.push(...assetRows(assets.dashboard, assets.bare));
    results.load = { live, bare: bareLoad, bareProxy: bareProxyLoad, index: indexLoad, assets };
  });
  await Promise.all([stop(dashboard.proc), stop(bare.proc), stop(bareProxy.proc)]);

  console.log("Two instances on PostgreSQL…");
  const postgres = findPostgres();
  if ("skipped" in postgres) {
    fig5.skipped = postgres.skipped;
    console.log(`  skipped: ${postgres.skipped}`);
  } else {
    console.log(`  PostgreSQL: ${postgres.origin}`);
    await attempt(fig5, "the two-instance run", async () => {
      const result = await measureTwoInstances({
        postgres,
        emulator,
        ports: [PORTS.dashboardA, PORTS.dashboardB],
        user: USER,
        prepareDatabase,
        syncIndex,
        ...TWO_INSTANCES,
      });
      fig5.rows.push(...twoInstanceRows(result));
      results.twoInstances = result;
    });
  }
  await stop(emulator.proc);

  const durationS = round((performance.now() - t0) / 1000);
  printTable(sections);
  const file = writeResults({
    startedAt: startedAt.toISOString(),
    durationS,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: { start: loadAtStart.map((n) => round(n, 2)), end: os.loadavg().map((n) => round(n, 2)) },
    conditions: { seedGroups: SEED_GROUPS, injectedLatencyMs: INJECTED_LATENCY_MS, samples: SAMPLES, warmups: WARMUPS },
    table: sections,
    ...results,
  });
  console.log(`\nWrote ${file} (${durationS} s).`);
  return sections.some((s) => s.error) ? 1 : 0;
}

/** The page's Turbopack runtime script: every page loads it first, and it is about the same size in both apps. */
async function runtimeScriptOf(pageUrl: string, cookie?: string): Promise<string> {
  const page = await timedFetch(pageUrl, cookie ? { headers: { cookie } } : {});
  const src = /<script src="(\/_next\/static\/chunks\/turbopack-[^"]+\.js)"/.exec(page.body)?.[1];
  if (!src) throw new Error(`${pageUrl} names no Turbopack runtime script (answered ${page.status})`);
  return new URL(src, pageUrl).href;
}

async function measureAsset(url: string): Promise<LoadResult> {
  await warmUp(url, undefined, ASSET_LOAD.connections, 3);
  const result = await runLoad({ url, ...ASSET_LOAD });
  await sleep(1000);
  return result;
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(`\nbench: ${errorText(error)}`);
    await stopAll();
    process.exit(1);
  });
