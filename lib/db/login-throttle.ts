import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * Repeated failed sign-ins for one account are slowed down: after `freeFailures` failures in a row, each further
 * failure locks the account for twice as long as the one before (30 s, 1 min, 2 min, … up to 15 min).
 * Keyed by e-mail whether or not the account exists, so the answer does not reveal which accounts exist.
 */
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export async function lockedUntil(db: Kysely<Database>, email: string, now = new Date()): Promise<Date | null> {
  const row = await db.selectFrom("login_throttle").select("locked_until").where("email", "=", key(email)).executeTakeFirst();
  if (!row?.locked_until) return null;
  const until = new Date(row.locked_until);
  return until > now ? until : null;
}

export async function recordFailure(db: Kysely<Database>, email: string, freeFailures: number, now = new Date()) {
  const id = key(email);
  const row = await db.selectFrom("login_throttle").select("failures").where("email", "=", id).executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  const over = failures - freeFailures;
  const locked = over >= 0 ? new Date(now.getTime() + Math.min(BASE_LOCK_MS * 2 ** over, MAX_LOCK_MS)).toISOString() : null;
  const values = { failures, last_failure_at: now.toISOString(), locked_until: locked };
  await db
    .insertInto("login_throttle")
    .values({ email: id, ...values })
    .onConflict((oc) => oc.column("email").doUpdateSet(values))
    .execute();
  return { failures, lockedUntil: locked ? new Date(locked) : null };
}

export async function clearFailures(db: Kysely<Database>, email: string) {
  await db.deleteFrom("login_throttle").where("email", "=", key(email)).execute();
}

function key(email: string) {
  return email.trim().toLowerCase();
}
