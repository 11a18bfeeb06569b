import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import { headers } from "next/headers";
import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The server's structured log: JSON lines (one object per event) on stdout, at LOG_LEVEL (default info). Fields
 * that could carry a secret are censored wherever they appear, whatever a caller passes in. Every line written while
 * a request is handled carries that request's ID (`requestId`, the `X-Request-Id` proxy.ts gives each request).
 */
const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "token",
  "accessToken",
  "authorization",
  "cookie",
  "signature",
  "secret",
];

/**
 * In development (or with LOG_PRETTY=1, as `npm run demo` sets), readable lines through pino-pretty: a dev
 * dependency, so a production install without it keeps JSON.
 */
function prettyStream(): DestinationStream | undefined {
  if (process.env.NODE_ENV !== "development" && process.env.LOG_PRETTY !== "1") return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service" });
  } catch {
    return undefined;
  }
}

interface RequestScope {
  /** null in background work, which has a scope of its own so that it is not mistaken for the request */
  requestId: string | null;
  /** background work's name (`group-sync`), on every line it writes */
  job?: string;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function createLogger(scope: AsyncLocalStorage<RequestScope>): Logger {
  // A level pino does not know would throw here, on import; lib/env.ts reports it at start instead.
  const wanted = process.env.LOG_LEVEL?.trim().toLowerCase() ?? "";
  const level = (LOG_LEVELS as readonly string[]).includes(wanted) ? wanted : "info";
  const options: pino.LoggerOptions = {
    level,
    base: { service: "whatsapp-groups-dashboard" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => {
      const current = scope.getStore();
      if (!current) return {};
      return current.requestId ? { requestId: current.requestId } : current.job ? { job: current.job } : {};
    },
    redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]), censor: "[redacted]" },
  };
  const pretty = prettyStream();
  return pretty ? pino(options, pretty) : pino(options);
}

const globalForLog = globalThis as unknown as {
  __dashboardLogger?: Logger;
  __dashboardRequestScope?: AsyncLocalStorage<RequestScope>;
};
const requestScope = (globalForLog.__dashboardRequestScope ??= new AsyncLocalStorage<RequestScope>());
export const logger: Logger = (globalForLog.__dashboardLogger ??= createLogger(requestScope));

/** The request ID proxy.ts set on this request, or null outside a request (a scheduled job, a test). */
async function currentRequestId(): Promise<string | null> {
  try {
    return (await headers()).get("x-request-id");
  } catch {
    return null;
  }
}

/**
 * Runs `work` in the request's log scope: every line it writes carries the request's ID. Inside a scope already
 * (or in background work, see outsideRequest) it just runs; otherwise it reads the request's ID first.
 */
export async function inRequestScope<T>(work: () => Promise<T>): Promise<T> {
  if (requestScope.getStore()) return work();
  const requestId = await currentRequestId();
  return requestScope.run({ requestId }, work);
}

/**
 * Wraps a page, a data-loading server component, a route handler or a server action so that every line it logs
 * carries the request's ID. (React renders a page's child components outside the page function's own async context,
 * so a child component that loads data is wrapped too; Graph calls are scoped by the client itself, lib/graph.)
 */
export function withRequestLog<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => inRequestScope(() => handler(...args));
}

/**
 * Runs background work (a group sync, possibly started by a page) in a scope of its own: every line it writes, its
 * Graph calls included, carries `job` instead of the request's ID. The ID of the request that started it, if one
 * did, is passed along as `startedBy` for whoever wants to connect the two.
 */
export function asJob<T>(job: string, work: (startedBy: string | null) => T): T {
  const startedBy = requestScope.getStore()?.requestId ?? null;
  return requestScope.run({ requestId: null, job }, () => work(startedBy));
}
