import "server-only";
import type { Kysely } from "kysely";
import type { Database, GroupSync } from "./schema";

/**
 * Each number's sync state, and the lease that lets one dashboard instance walk a number at a time: taking it is one
 * conditional UPDATE (free, or its holder stopped renewing), so two instances racing for it cannot both win, on
 * SQLite or PostgreSQL.
 */
const LEASE_MS = 60_000;

export async function getSyncState(db: Kysely<Database>, phoneNumberId: string): Promise<GroupSync | undefined> {
  return db.selectFrom("group_sync").selectAll().where("phone_number_id", "=", phoneNumberId).executeTakeFirst();
}

/** Takes the number's lease for `runId`. False when another run holds a live one. */
export async function acquireSyncLease(
  db: Kysely<Database>,
  phoneNumberId: string,
  runId: string,
  now = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  await db
    .insertInto("group_sync")
    .values({
      phone_number_id: phoneNumberId,
      state: "idle",
      run_id: null,
      lease_until: null,
      started_at: null,
      pages: 0,
      groups_seen: 0,
      waiting_until: null,
      last_success_at: null,
      last_total: null,
      last_error: null,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("phone_number_id").doNothing())
    .execute();
  const result = await db
    .updateTable("group_sync")
    .set({
      state: "running",
      run_id: runId,
      lease_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      started_at: at,
      pages: 0,
      groups_seen: 0,
      waiting_until: null,
      updated_at: at,
    })
    .where("phone_number_id", "=", phoneNumberId)
    .where((eb) => eb.or([eb("state", "!=", "running"), eb("lease_until", "is", null), eb("lease_until", "<", at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records the walk's progress and renews the lease. False when the run no longer holds it (another instance took
 * over after it stalled): the run must stop without changing anything more.
 */
export async function reportSyncProgress(
  db: Kysely<Database>,
  phoneNumberId: string,
  runId: string,
  progress: { pages: number; groupsSeen: number; waitingUntil?: Date | null },
  now = new Date(),
): Promise<boolean> {
  const until = Math.max(now.getTime() + LEASE_MS, (progress.waitingUntil?.getTime() ?? 0) + LEASE_MS);
  const result = await db
    .updateTable("group_sync")
    .set({
      pages: progress.pages,
      groups_seen: progress.groupsSeen,
      waiting_until: progress.waitingUntil?.toISOString() ?? null,
      lease_until: new Date(until).toISOString(),
      updated_at: now.toISOString(),
    })
    .where("phone_number_id", "=", phoneNumberId)
    .where("run_id", "=", runId)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishSync(
  db: Kysely<Database>,
  phoneNumberId: string,
  runId: string,
  outcome: { ok: true; total: number } | { ok: false; error: string },
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable("group_sync")
    .set(
      outcome.ok
        ? {
            state: "idle",
            lease_until: null,
            waiting_until: null,
            last_success_at: at,
            last_total: outcome.total,
            last_error: null,
            updated_at: at,
          }
        : { state: "failed", lease_until: null, waiting_until: null, last_error: outcome.error, updated_at: at },
    )
    .where("phone_number_id", "=", phoneNumberId)
    .where("run_id", "=", runId)
    .execute();
}
