import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { getSyncState } from "@/lib/db/group-sync";
import { acquireJobLease } from "@/lib/db/jobs";
import { asJob, logger } from "@/lib/log";
import { getGraphClient } from "@/lib/graph";
import { getBusinessNumbers } from "@/lib/numbers";
import { isStopping } from "@/lib/shutdown";
import { syncNumber } from "./sync";

/** Walks in progress in this process, so a page asking again while one runs does not even try the lease. */
const running = new Map<string, Promise<unknown>>();

/**
 * Starts a sync of the number's index in the background and returns at once; the database lease makes sure only one
 * instance actually walks it. Outcomes go to the server log; the page follows progress through the sync status.
 */
export function startSync(phoneNumberId: string): void {
  if (running.has(phoneNumberId) || isStopping()) return;
  // The walk outlives the request that may have started it: its log lines are its own.
  const run = asJob("group-sync", async (startedBy) => {
    const log = logger.child({ phoneNumberId, ...(startedBy ? { startedBy } : {}) });
    try {
      const outcome = await syncNumber({ db: await getDb(), graph: getGraphClient(), shouldStop: isStopping }, phoneNumberId);
      if (outcome.status === "failed") log.warn({ sync: outcome }, `Group sync failed: ${outcome.error}`);
      else log.info({ sync: outcome }, `Group sync ${outcome.status}`);
    } catch (error) {
      log.error({ err: error }, "Group sync could not run");
    } finally {
      running.delete(phoneNumberId);
    }
  });
  running.set(phoneNumberId, run);
}

/** A number whose index has never been built gets its first sync the moment someone needs it. */
export async function ensureIndexBuilding(phoneNumberId: string): Promise<void> {
  const state = await getSyncState(await getDb(), phoneNumberId);
  if (!state?.last_success_at && state?.state !== "running") startSync(phoneNumberId);
}

let timer: NodeJS.Timeout | undefined;

/**
 * Every `intervalMinutes`, a sync of every configured number (0 turns it off). Started once per server process from
 * instrumentation.ts. With several instances each has a timer; a job lease per number and period lets one of them
 * run each round, so a number is walked once per period, not once per instance (and the sync's own lease keeps a
 * scheduled walk and a "Sync now" from overlapping). The first round runs at start, so a fresh database has its
 * index soon after the server is up.
 */
export function scheduleSyncs(intervalMinutes: number): void {
  if (intervalMinutes <= 0 || timer) return;
  const periodMs = intervalMinutes * 60_000;
  // Held for most of the period: a round that starts a little early on another instance still finds it taken.
  const heldMs = Math.max(periodMs / 2, periodMs - 60_000);
  const round = () => {
    if (isStopping()) return;
    void getDb()
      .then(async (db) => {
        const now = new Date();
        for (const number of getBusinessNumbers()) {
          if (await acquireJobLease(db, `group-sync:${number.id}`, randomUUID(), new Date(now.getTime() + heldMs), now)) {
            startSync(number.id);
          }
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, "Scheduled group sync could not start"));
  };
  round();
  timer = setInterval(round, periodMs);
  timer.unref();
}
