import "server-only";
import { closeDatabasesNow } from "@/lib/db/connection";
import { logger } from "@/lib/log";

/**
 * Stopping cleanly on SIGTERM (and SIGINT). Next.js's own handler stops accepting connections, lets the requests in
 * flight finish (webhook deliveries included) and then exits; this adds what the dashboard needs around it:
 *
 * - /api/ready answers 503 from the first moment, so a load balancer stops sending traffic here;
 * - scheduled jobs start no new run, and a group sync in progress stops at its next page (it removes nothing);
 * - the database is closed as the process exits (SQLite checkpoints its WAL into the file);
 * - a request that hangs cannot hold the server past STOP_DEADLINE_MS: it is then closed regardless.
 */
const STOP_DEADLINE_MS = 9_000;

const state = globalThis as unknown as { __dashboardStopping?: boolean; __dashboardShutdownInstalled?: boolean };

export function isStopping(): boolean {
  return state.__dashboardStopping === true;
}

export function installShutdown(): void {
  if (state.__dashboardShutdownInstalled) return;
  state.__dashboardShutdownInstalled = true;
  const begin = (signal: NodeJS.Signals) => {
    if (state.__dashboardStopping) return;
    state.__dashboardStopping = true;
    logger.info({ signal }, "Stopping: no new connections; finishing the requests in flight");
    setTimeout(() => {
      logger.warn({ signal }, `Stopping: requests still in flight after ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }, STOP_DEADLINE_MS).unref();
  };
  process.on("SIGTERM", begin);
  process.on("SIGINT", begin);
  process.on("exit", (code) => {
    closeDatabasesNow();
    if (state.__dashboardStopping) logger.info({ code }, "Stopped");
  });
}
