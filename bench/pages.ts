/**
 * Figure 2: the time a page adds to the Graph calls it makes. Each page is first loaded under load for a few seconds,
 * so that every app is measured warm. Then each sample loads the dashboard's page and the bare app's page, and the
 * same bare page behind a nonce proxy when asked (each first in turn, so machine noise hits all alike), and right after
 * each makes the same Graph calls directly: what the page added is its time minus theirs. The emulator's call log then
 * proves that every sample made exactly the calls it should (so an error page cannot pass for a fast one), and its
 * times split what each page added into before its first call and after its last answer.
 */
import fs from "node:fs";
import path from "node:path";
import type { CallRecord } from "../emulator/control-client";
import { epochMs } from "../emulator/ids";
import { BENCH_USER_AGENT, describeAnswer, timedFetch } from "./http";
import { warmUp } from "./load";
import { ms, type Row, ratio, verdict } from "./report";
import { type Emulator, ROOT, SECRETS } from "./stack";
import { percentile, round, type Spread, spread } from "./stats";

const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
/** What lib/graph/client.ts sends as User-Agent: how the call log tells the dashboard's calls from the others. */
const DASHBOARD_USER_AGENT = `${packageJson.name}/${packageJson.version}`;

type App = "dashboard" | "bare" | "bareProxy";

export interface PageSpec {
  url: string;
  cookie?: string;
  /** a sentence when the HTML is not the page expected (an error page, missing rows), else null */
  check: (html: string) => string | null;
}

/** When a page was loaded, on the clock of the call log's receivedAtMs and answeredAtMs (emulator/ids.ts epochMs). */
interface Window {
  sentAtMs: number;
  endedAtMs: number;
}

interface Samples {
  pageMs: number[];
  directMs: number[];
  addedMs: number[];
  htmlBytes: number[];
  windows: Window[];
}

interface SideResult {
  url: string;
  pageMs: Spread;
  directMs: Spread;
  addedMs: Spread;
  /** from sending the page request to its first Graph call's arrival at the emulator */
  beforeCallsMs: Spread;
  /** from the emulator's last answer to the page's last byte */
  afterAnswersMs: Spread;
  htmlBytes: number;
}

export interface PairResult {
  label: string;
  samples: number;
  graphCallsPerPage: number;
  directCalls: string[];
  dashboard: SideResult;
  bare: SideResult;
  /** the bare pages behind a nonce proxy, for information */
  bareProxy?: SideResult;
}

/** Both bare apps send Node's own User-Agent; their page loads never overlap, so their windows tell them apart. */
function madeBy(call: CallRecord): "dashboard" | "bare" | "bench" {
  if (call.userAgent === DASHBOARD_USER_AGENT) return "dashboard";
  if (call.userAgent === BENCH_USER_AGENT) return "bench";
  return "bare";
}

function callsIn(calls: CallRecord[], who: App, window: Window): CallRecord[] {
  const caller = who === "dashboard" ? "dashboard" : "bare";
  // A page's calls reach the emulator after the page was asked for and before its last byte.
  return calls.filter((c) => madeBy(c) === caller && c.receivedAtMs >= window.sentAtMs && c.receivedAtMs <= window.endedAtMs);
}

/** The calls, in parallel, as the bench makes them directly; resolves with their wall time. */
async function directCalls(emulator: Emulator, urls: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    urls.map(async (url) => {
      const answer = await timedFetch(url, {
        headers: { authorization: `Bearer ${SECRETS.accessToken}`, "user-agent": BENCH_USER_AGENT },
      });
      if (answer.status !== 200) throw new Error(`direct Graph call ${url.replace(emulator.url, "")} answered ${answer.status}`);
    }),
  );
  return performance.now() - started;
}

async function load(app: string, page: PageSpec): Promise<{ ms: number; bytes: number; window: Window }> {
  const sentAtMs = epochMs();
  const answer = await timedFetch(page.url, { headers: page.cookie ? { cookie: page.cookie } : {} });
  const endedAtMs = epochMs();
  if (answer.status !== 200) throw new Error(describeAnswer(`${app} ${page.url}`, answer));
  const problem = page.check(answer.body);
  if (problem) throw new Error(`${app} ${page.url}: ${problem}`);
  return { ms: answer.ms, bytes: Buffer.byteLength(answer.body), window: { sentAtMs, endedAtMs } };
}

/** Where a page's own time went, around the Graph calls it made: before the first, and after the last answer. */
function phases(made: CallRecord[][], windows: Window[]): Pick<SideResult, "beforeCallsMs" | "afterAnswersMs"> {
  const before: number[] = [];
  const after: number[] = [];
  made.forEach((calls, i) => {
    const answered = calls.map((c) => c.answeredAtMs);
    if (calls.length === 0 || answered.includes(null)) return;
    before.push(Math.min(...calls.map((c) => c.receivedAtMs)) - windows[i]!.sentAtMs);
    after.push(windows[i]!.endedAtMs - Math.max(...(answered as number[])));
  });
  return { beforeCallsMs: spread(before), afterAnswersMs: spread(after) };
}

function side(url: string, s: Samples, made: CallRecord[][]): SideResult {
  return {
    url: new URL(url).pathname + new URL(url).search,
    pageMs: spread(s.pageMs),
    directMs: spread(s.directMs),
    addedMs: spread(s.addedMs),
    ...phases(made, s.windows),
    htmlBytes: Math.round(percentile(s.htmlBytes, 50)),
  };
}

/** Before a pair's samples, each page under this load (about 250 loads of a 25-row page). */
export const PAGE_WARM_UP = { connections: 10, durationS: 3 };

const empty = (): Samples => ({ pageMs: [], directMs: [], addedMs: [], htmlBytes: [], windows: [] });

export async function measurePair(
  emulator: Emulator,
  options: {
    label: string;
    dashboard: PageSpec;
    bare: PageSpec;
    bareProxy?: PageSpec;
    graphCalls: number;
    samples: number;
    warmups: number;
  },
): Promise<PairResult> {
  const samples: Record<App, Samples> = { dashboard: empty(), bare: empty(), bareProxy: empty() };
  const apps: App[] = options.bareProxy ? ["dashboard", "bare", "bareProxy"] : ["dashboard", "bare"];
  // Measured warm, as a server that has been up a while runs: each page under load for a few seconds first (some 250
  // loads of a 25-row page), so that V8 has optimised the code it runs. With only the sequential warm-ups below, the
  // first pair was measured partly cold (both apps' time before their first Graph call was about 1.5 ms longer at 25
  // rows, measured first, than at 1,024), and each app's own page code ran less optimised the more of it there was.
  for (const app of apps) {
    const page = options[app]!;
    await warmUp(page.url, page.cookie ? [page.cookie] : undefined, PAGE_WARM_UP.connections, PAGE_WARM_UP.durationS);
  }
  let direct: string[] | null = null;
  for (let i = 0; i < options.warmups + options.samples; i++) {
    // Each app goes first in turn, so that machine noise hits all alike.
    const order = [...apps.slice(i % apps.length), ...apps.slice(0, i % apps.length)];
    for (const app of order) {
      const page = await load(app, options[app]!);
      if (direct === null) {
        // The first load is the dashboard's (i = 0): its calls, path and query as sent, are the ones to make directly.
        const made = callsIn(await emulator.control.calls(), "dashboard", page.window);
        if (made.length !== options.graphCalls)
          throw new Error(`${options.label}: the dashboard made ${made.length} Graph calls, expected ${options.graphCalls}`);
        direct = made.map(
          (c) => `${emulator.url}${c.path}${Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : ""}`,
        );
      }
      const directMs = await directCalls(emulator, direct);
      if (i < options.warmups) continue;
      const s = samples[app];
      s.pageMs.push(page.ms);
      s.directMs.push(directMs);
      s.addedMs.push(page.ms - directMs);
      s.htmlBytes.push(page.bytes);
      s.windows.push(page.window);
    }
  }
  // Read once at the end: reading the log between samples would time this process's own parsing.
  const calls = await emulator.control.calls();
  const made = Object.fromEntries(apps.map((app) => [app, samples[app].windows.map((w) => callsIn(calls, app, w))]));
  for (const app of apps) {
    const counts = made[app]!.map((c) => c.length);
    const wrong = counts.filter((n) => n !== options.graphCalls);
    if (wrong.length > 0)
      throw new Error(
        `${options.label}: ${wrong.length} of ${counts.length} ${app} page loads made ${[...new Set(wrong)].join("/")} Graph calls, expected ${options.graphCalls}`,
      );
  }
  return {
    label: options.label,
    samples: options.samples,
    graphCallsPerPage: options.graphCalls,
    directCalls: (direct ?? []).map((url) => url.replace(emulator.url, "")),
    dashboard: side(options.dashboard.url, samples.dashboard, made.dashboard!),
    bare: side(options.bare.url, samples.bare, made.bare!),
    ...(options.bareProxy ? { bareProxy: side(options.bareProxy.url, samples.bareProxy, made.bareProxy!) } : {}),
  };
}

/** A dashboard page that makes no Graph call (the index): its time, and proof that it called nobody. */
export async function measureAlone(
  emulator: Emulator,
  options: { label: string; page: PageSpec; samples: number; warmups: number },
): Promise<{ label: string; url: string; pageMs: Spread; htmlBytes: number }> {
  const times: number[] = [];
  const bytes: number[] = [];
  const windows: Window[] = [];
  for (let i = 0; i < options.warmups + options.samples; i++) {
    const page = await load("dashboard", options.page);
    if (i < options.warmups) continue;
    times.push(page.ms);
    bytes.push(page.bytes);
    windows.push(page.window);
  }
  const calls = await emulator.control.calls();
  const calling = windows.filter((w) => callsIn(calls, "dashboard", w).length > 0).length;
  if (calling > 0) throw new Error(`${options.label}: ${calling} page loads made Graph calls, expected none`);
  const url = new URL(options.page.url);
  return {
    label: options.label,
    url: url.pathname + url.search,
    pageMs: spread(times),
    htmlBytes: Math.round(percentile(bytes, 50)),
  };
}

export interface AddedGoal {
  factor: number;
  plusMs: number;
}

export function pairRows(result: PairResult, goal: AddedGoal): Row[] {
  const dash = result.dashboard.addedMs.p50;
  const goalOf = (reference: number) => {
    const limit = goal.factor * reference + goal.plusMs;
    return { met: dash <= limit, text: `≤ ${goal.factor}x${goal.plusMs ? ` + ${goal.plusMs} ms` : ""} (${ms(round(limit))})` };
  };
  const bare = result.bare.addedMs.p50;
  const budget = goalOf(bare);
  const proxied = result.bareProxy && goalOf(result.bareProxy.addedMs.p50);
  return [
    {
      figure: `${result.label}: time added to its Graph call${result.graphCallsPerPage > 1 ? "s" : ""}, p50`,
      dashboard: ms(dash),
      bare: ms(bare),
      ratio: ratio(dash, bare),
      goal: budget.text,
      verdict: verdict(budget.met),
    },
    ...(result.bareProxy && proxied
      ? [
          {
            figure: "  the same, against the bare page behind a nonce proxy",
            dashboard: ms(dash),
            bare: ms(result.bareProxy.addedMs.p50),
            ratio: ratio(dash, result.bareProxy.addedMs.p50),
            goal: `${proxied.text}: ${proxied.met ? "met" : "not met"}`,
            verdict: "info" as const,
          },
        ]
      : []),
    ...(["beforeCallsMs", "afterAnswersMs"] as const).map((phase): Row => {
      const [dashboard, reference] = [result.dashboard[phase].p50, result.bare[phase].p50];
      return {
        figure: `  of it, ${phase === "beforeCallsMs" ? "before its first Graph call" : "after the last Graph answer"}, p50`,
        dashboard: ms(dashboard),
        bare: ms(reference),
        ratio: ratio(dashboard, reference),
        goal: result.bareProxy ? `bare behind a nonce proxy: ${ms(result.bareProxy[phase].p50)}` : "",
        verdict: "info",
      };
    }),
    {
      figure: `${result.label}: page time p50 (Graph direct p50 ${ms(result.dashboard.directMs.p50)})`,
      dashboard: ms(result.dashboard.pageMs.p50),
      bare: ms(result.bare.pageMs.p50),
      ratio: ratio(result.dashboard.pageMs.p50, result.bare.pageMs.p50),
      goal: "",
      verdict: "info",
    },
    {
      figure: `${result.label}: HTML size`,
      dashboard: `${(result.dashboard.htmlBytes / 1000).toFixed(0)} kB`,
      bare: `${(result.bare.htmlBytes / 1000).toFixed(0)} kB`,
      ratio: ratio(result.dashboard.htmlBytes, result.bare.htmlBytes),
      goal: "",
      verdict: "info",
    },
  ];
}
