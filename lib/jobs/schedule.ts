import "server-only";
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import { isStopping } from "@/lib/shutdown";
import { RETENTION_PERIOD_MS, runRetention } from "./retention";

let timer: NodeJS.Timeout | undefined;

/** Runs the retention job now and every hour; with several instances the job's lease lets one of them run it. */
export function scheduleRetention(settings: { auditDays: number; webhookDays: number }): void {
  if (timer) return;
  const run = () => {
    if (isStopping()) return;
    void getDb()
      .then((db) => runRetention(db, settings))
      .catch((error: unknown) =>
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "Retention job failed"),
      );
  };
  run();
  timer = setInterval(run, RETENTION_PERIOD_MS);
  timer.unref();
}
