import "server-only";
import { getDb } from "@/lib/db";
import { getSyncState } from "@/lib/db/group-sync";
import { getGraphClient } from "@/lib/graph";
import { getBusinessNumbers } from "@/lib/numbers";
import { syncNumber } from "./sync";

/** Walks in progress in this process, so a page asking again while one runs does not even try the lease. */
const running = new Map<string, Promise<unknown>>();

/**
 * Starts a sync of the number's index in the background and returns at once; the database lease makes sure only one
 * instance actually walks it. Outcomes go to the server log; the page follows progress through the sync status.
 */
export function startSync(phoneNumberId: string): void {
  if (running.has(phoneNumberId)) return;
  const run = (async () => {
    const outcome = await syncNumber({ db: await getDb(), graph: getGraphClient() }, phoneNumberId);
    if (outcome.status === "failed") console.warn(`Group sync of ${phoneNumberId} failed: ${outcome.error}`);
    return outcome;
  })()
    .catch((error: unknown) =>
      console.error(`Group sync of ${phoneNumberId} could not run:`, error instanceof Error ? error.message : error),
    )
    .finally(() => running.delete(phoneNumberId));
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
 * instrumentation.ts; with several instances each has a timer, and the lease lets one of them walk each number.
 * The first round runs at start, so a fresh database has its index soon after the server is up.
 */
export function scheduleSyncs(intervalMinutes: number): void {
  if (intervalMinutes <= 0 || timer) return;
  const round = () => {
    for (const number of getBusinessNumbers()) startSync(number.id);
  };
  round();
  timer = setInterval(round, intervalMinutes * 60_000);
  timer.unref();
}
