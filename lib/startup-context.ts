import "server-only";
import { AsyncResource } from "node:async_hooks";

/*
 * Connections and timers that outlive the request that made them.
 *
 * Everything Node creates while a request is being handled (a socket, a timer) keeps that request's async context:
 * Next's and React's per-request stores, which reach the whole render and its response and, through React's abort
 * reason and the Immediates it was created in, other requests of the same tick. A keep-alive socket to Meta or a pooled
 * PostgreSQL connection lives for minutes and serves later requests, so a server under load kept finished requests
 * alive by the hundred (measured at 50 clients: the heap left after each full GC grew 49 → 388 MB in 70 s). Such
 * connections are opened, and their idle timers set, in the context the server started in, which holds no request.
 */

const STARTUP_CONTEXT = Symbol.for("whatsapp-groups-dashboard.startup-context");
type WithStartupContext = typeof globalThis & { [STARTUP_CONTEXT]?: AsyncResource };

/**
 * Remembers the async context the server starts in (instrumentation.ts, before the first request). Kept on
 * `globalThis`: instrumentation and the app's routes are bundled apart and do not share module instances.
 */
export function captureStartupContext(): void {
  (globalThis as WithStartupContext)[STARTUP_CONTEXT] ??= new AsyncResource("StartupContext");
}

/**
 * Runs `work` in the server's startup context, so that what it creates holds no request's data. Without a captured
 * context (a script, a test that did not capture one) `work` simply runs where it is called.
 */
export function outsideRequests<T>(work: () => T): T {
  const startup = (globalThis as WithStartupContext)[STARTUP_CONTEXT];
  return startup ? startup.runInAsyncScope(work) : work();
}
