/**
 * Concurrent clients through autocannon, with the server's memory: its RSS from /proc while they run, and its live heap
 * (bench/heap.ts) just before they start and once they have stopped.
 */
import autocannon from "autocannon";
import { ratio, type Row, verdict } from "./report";
import { type Inspectable, liveHeapMb } from "./heap";
import { cpuMs, rssMb } from "./stack";
import { round, sleep } from "./stats";

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  /** session cookies, handed out request by request in turn (several sessions spread over the connections) */
  cookies?: string[];
  /** a 2xx whose body fails this counts as an error (a page that rendered something else) */
  verifyBody?: (body: string) => boolean;
  /** the server whose memory to follow: its RSS while clients run, its live heap before and after (bench/heap.ts) */
  server?: Inspectable;
}

interface Memory {
  startMb: number | null;
  midMb: number | null;
  endMb: number | null;
  maxMb: number | null;
  /** live heap after a full garbage collection, just before the clients start and just after they stop */
  heapBeforeMb: number | null;
  heapAfterMb: number | null;
}

export interface LoadResult {
  url: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  /** socket errors and timeouts */
  socketErrors: number;
  timeouts: number;
  /** 2xx answers whose body was not the expected page */
  mismatches: number;
  errors: number;
  statusCodes: Record<string, number>;
  memory: Memory | null;
  /**
   * The server's CPU time (user and system, from /proc) over the run, per request answered: what requests per second
   * follow once the server is the busiest process on the machine.
   */
  cpuMsPerRequest: number | null;
}

/** How long after the clients stop the server's live heap is read: in-flight requests are not memory it keeps. */
const SETTLE_MS = 2000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const cookies = options.cookies ?? [];
  let next = 0;
  const samples: { at: number; mb: number | null }[] = [];
  const heapBeforeMb = options.server ? await liveHeapMb(options.server) : null;
  const started = Date.now();
  const follow = options.server?.serverPid;
  const sample = () => {
    if (follow !== undefined) samples.push({ at: Date.now() - started, mb: rssMb(follow) });
  };
  sample();
  const cpuBefore = follow === undefined ? null : cpuMs(follow);
  const timer = setInterval(sample, 1000);
  let result: autocannon.Result;
  try {
    result = await autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationS,
      timeout: 30,
      requests: [
        cookies.length > 0
          ? {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, cookie: cookies[next++ % cookies.length] },
              }),
            }
          : {},
      ],
      ...(options.verifyBody ? { verifyBody: (body) => options.verifyBody!(String(body ?? "")) } : {}),
    });
  } finally {
    clearInterval(timer);
  }
  const cpuAfter = follow === undefined ? null : cpuMs(follow);
  sample();
  // Read once the requests still in flight when the clients stopped are answered (p97.5 is about half a second).
  const heapAfterMb = options.server ? await sleep(SETTLE_MS).then(() => liveHeapMb(options.server!)) : null;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const midpoint = (options.durationS * 1000) / 2;
  const known = samples.filter((s): s is { at: number; mb: number } => s.mb !== null);
  const memory: Memory | null =
    follow === undefined
      ? null
      : {
          startMb: samples[0]?.mb ?? null,
          midMb: known.length ? known.reduce((a, b) => (Math.abs(b.at - midpoint) < Math.abs(a.at - midpoint) ? b : a)).mb : null,
          endMb: samples.at(-1)?.mb ?? null,
          maxMb: known.length ? Math.max(...known.map((s) => s.mb)) : null,
          heapBeforeMb,
          heapAfterMb,
        };
  const socketErrors = result.errors - result.timeouts;
  return {
    url: options.url,
    connections: options.connections,
    durationS: round(result.duration, 1),
    requests: result.requests.total,
    rps: round(result.requests.total / result.duration, 1),
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    socketErrors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    errors: result.non2xx + result.errors + result.mismatches,
    statusCodes,
    memory,
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : round((cpuAfter - cpuBefore) / result.requests.total, 2),
  };
}

/**
 * The measured run's load for a short while first, so that it starts warm: compiled code, open connections, and a heap
 * grown for that many clients. From idle, V8 grows the heap for a while under such load before its size settles
 * (measured: RSS 297 → 405 MB in the first 10 s at 50 clients, then 409 → 626 → 610 MB over the next 30 s), and that
 * growth is not memory the server keeps.
 */
export async function warmUp(url: string, cookies: string[] | undefined, connections: number, durationS = 10): Promise<void> {
  await runLoad({ url, connections, durationS, cookies });
  await sleep(1000);
}

const RPS_BUDGET = 0.8;
/**
 * "Memory flat": the server's live heap (what a full collection leaves, bench/heap.ts) grows by less than this share
 * over the run. A server that kept something of every request would grow by far more: 30 s at 50 clients is thousands
 * of requests.
 */
const FLAT_GROWTH = 0.1;

const whole = (n: number | null | undefined) => (n == null ? "?" : n.toFixed(0));

/** RSS while clients ran, start → mid → end: for information, as V8 sizes the heap to the load. */
export function rssText(memory: Memory | null): string {
  return memory ? `${[memory.startMb, memory.midMb, memory.endMb].map(whole).join(" → ")} MB` : "?";
}

function cpuText(result: LoadResult): string {
  return result.cpuMsPerRequest === null ? "?" : `${result.cpuMsPerRequest.toFixed(2)} ms`;
}

export function heapText(memory: Memory | null): string {
  return `${whole(memory?.heapBeforeMb)} → ${whole(memory?.heapAfterMb)} MB`;
}

export function isFlat(memory: Memory | null): boolean {
  return (
    memory?.heapBeforeMb != null && memory.heapAfterMb != null && memory.heapAfterMb <= memory.heapBeforeMb * (1 + FLAT_GROWTH)
  );
}

export const FLAT_GOAL = `flat (< +${FLAT_GROWTH * 100}%)`;

/**
 * Figure 3's rows: the dashboard's live list against the bare app under the same load (and, for information, against
 * the bare app behind a nonce proxy), and its index for reading.
 */
export function loadRows(live: LoadResult, bare: LoadResult, index: LoadResult, bareProxy: LoadResult): Row[] {
  const what = `${live.connections} clients ${live.durationS.toFixed(0)} s`;
  const met = live.rps >= RPS_BUDGET * bareProxy.rps;
  return [
    {
      figure: `${what}, /groups live 25 rows: requests/s`,
      dashboard: live.rps.toFixed(1),
      bare: bare.rps.toFixed(1),
      ratio: ratio(live.rps, bare.rps),
      goal: `≥ ${RPS_BUDGET}x`,
      verdict: verdict(live.rps >= RPS_BUDGET * bare.rps),
    },
    {
      figure: "  the same, against the bare page behind a nonce proxy",
      dashboard: live.rps.toFixed(1),
      bare: `${bareProxy.rps.toFixed(1)}${bareProxy.errors ? `, ${bareProxy.errors} errors` : ""}`,
      ratio: ratio(live.rps, bareProxy.rps),
      goal: `≥ ${RPS_BUDGET}x: ${met ? "met" : "not met"}`,
      verdict: "info",
    },
    {
      figure: "  latency p50 / p97.5",
      dashboard: `${live.latencyMs.p50} / ${live.latencyMs.p97_5} ms`,
      bare: `${bare.latencyMs.p50} / ${bare.latencyMs.p97_5} ms`,
      ratio: ratio(live.latencyMs.p50, bare.latencyMs.p50),
      goal: "",
      verdict: "info",
    },
    {
      figure: "  server CPU per request (user + system, /proc)",
      dashboard: cpuText(live),
      bare: `${cpuText(bare)} (${cpuText(bareProxy)} behind the proxy)`,
      ratio: ratio(live.cpuMsPerRequest ?? Number.NaN, bare.cpuMsPerRequest ?? Number.NaN),
      goal: "",
      verdict: "info",
    },
    {
      figure: "  errors (non-2xx, socket, wrong page)",
      dashboard: String(live.errors),
      bare: String(bare.errors),
      ratio: "—",
      goal: "0",
      verdict: verdict(live.errors === 0),
    },
    {
      figure: "  server's live heap after a full GC, before → after",
      dashboard: heapText(live.memory),
      bare: heapText(bare.memory),
      ratio: ratio(live.memory?.heapAfterMb ?? Number.NaN, bare.memory?.heapAfterMb ?? Number.NaN),
      goal: FLAT_GOAL,
      verdict: verdict(isFlat(live.memory)),
    },
    {
      figure: "  server RSS start → mid → end",
      dashboard: rssText(live.memory),
      bare: rssText(bare.memory),
      ratio: ratio(live.memory?.endMb ?? Number.NaN, bare.memory?.endMb ?? Number.NaN),
      goal: "",
      verdict: "info",
    },
    {
      figure: `${what}, /groups index (no Graph call): requests/s`,
      dashboard: index.rps.toFixed(1),
      bare: "—",
      ratio: "—",
      goal: "",
      verdict: "info",
    },
    {
      figure: "  latency p50 / p97.5",
      dashboard: `${index.latencyMs.p50} / ${index.latencyMs.p97_5} ms`,
      bare: "—",
      ratio: "—",
      goal: "",
      verdict: "info",
    },
    {
      figure: "  server CPU per request (user + system, /proc)",
      dashboard: cpuText(index),
      bare: "—",
      ratio: "—",
      goal: "",
      verdict: "info",
    },
    {
      figure: "  errors (non-2xx, socket, wrong page)",
      dashboard: String(index.errors),
      bare: "—",
      ratio: "—",
      goal: "0",
      verdict: verdict(index.errors === 0),
    },
    {
      figure: "  server's live heap after a full GC, before → after",
      dashboard: heapText(index.memory),
      bare: "—",
      ratio: "—",
      goal: FLAT_GOAL,
      verdict: verdict(isFlat(index.memory)),
    },
    {
      figure: "  server RSS start → mid → end",
      dashboard: rssText(index.memory),
      bare: "—",
      ratio: "—",
      goal: "",
      verdict: "info",
    },
  ];
}

/** A built script under the same clients: served to anyone, without a session, a nonce or a render. */
export function assetRows(dashboard: LoadResult, bare: LoadResult): Row[] {
  return [
    {
      figure: `${dashboard.connections} clients ${dashboard.durationS.toFixed(0)} s, a built script: requests/s`,
      dashboard: dashboard.rps.toFixed(1),
      bare: bare.rps.toFixed(1),
      ratio: ratio(dashboard.rps, bare.rps),
      goal: "",
      verdict: "info",
    },
    {
      figure: "  errors (non-2xx, socket)",
      dashboard: String(dashboard.errors),
      bare: String(bare.errors),
      ratio: "—",
      goal: "0",
      verdict: verdict(dashboard.errors === 0 && bare.errors === 0),
    },
  ];
}
