import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * Sign-in throttling, counted where an attacker cannot turn it against the account's owner:
 *
 * - per (account, client address): after `perPair` attempts in a row that did not succeed, that address is locked
 *   out of that account for 30 s, doubling with each further attempt up to 15 min. The owner signing in from
 *   another address is not affected.
 * - per client address across all accounts: after `perAddress` such attempts the address is locked out of every
 *   account the same way (one address guessing many accounts).
 *
 * Every attempt is counted before its password is checked, in one atomic statement per key, so parallel guesses
 * cannot slip past the limit between a check and the count. A success forgets the pair's count and gives the
 * address its attempt back. Counts are forgotten after `RESET_AFTER_MS` without attempts.
 * Keys use the email whether or not an account exists for it, so the answers do not reveal which accounts exist.
 */
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
const RESET_AFTER_MS = 15 * 60_000;

export interface ThrottleLimits {
  perPair: number;
  perAddress: number;
}

export type AttemptVerdict =
  { allowed: true; keys: AttemptKeys } | { allowed: false; retryAfterSeconds: number; scope: "pair" | "address" };
interface AttemptKeys {
  pair: string;
  address: string;
}

function attemptKeys(email: string, address: string): AttemptKeys {
  return { pair: `pair:${address}:${email.trim().toLowerCase()}`, address: `address:${address}` };
}

/** Counts one sign-in attempt and says whether its password may be checked at all. */
export async function beginAttempt(
  db: Kysely<Database>,
  email: string,
  address: string,
  limits: ThrottleLimits,
  now = new Date(),
): Promise<AttemptVerdict> {
  const keys = attemptKeys(email, address);
  const pair = await count(db, keys.pair, limits.perPair, now);
  const perAddress = await count(db, keys.address, limits.perAddress, now);
  const blocked = [
    { scope: "pair" as const, until: pair },
    { scope: "address" as const, until: perAddress },
  ].filter((b): b is { scope: "pair" | "address"; until: Date } => b.until !== null);
  if (blocked.length === 0) return { allowed: true, keys };
  const longest = blocked.reduce((a, b) => (b.until > a.until ? b : a));
  return {
    allowed: false,
    scope: longest.scope,
    retryAfterSeconds: Math.max(1, Math.ceil((longest.until.getTime() - now.getTime()) / 1000)),
  };
}

/** The password was right: forget the pair's count and give the address its attempt back. */
export async function attemptSucceeded(db: Kysely<Database>, keys: AttemptKeys): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", keys.pair).execute();
  await db
    .updateTable("login_throttle")
    .set((eb) => ({ attempts: eb(eb.ref("attempts"), "-", 1) }))
    .where("key", "=", keys.address)
    .where("attempts", ">", 0)
    .execute();
}

/**
 * Adds the attempt to the key's count atomically and returns until when the key is locked (null when it is not).
 * The attempt that goes over the limit sets the lock; each further one doubles it.
 */
async function count(db: Kysely<Database>, key: string, limit: number, now: Date): Promise<Date | null> {
  const at = now.toISOString();
  const stale = new Date(now.getTime() - RESET_AFTER_MS).toISOString();
  const row = await db
    .insertInto("login_throttle")
    .values({ key, attempts: 1, last_attempt_at: at, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
        const forgotten = eb.and([
          eb("login_throttle.last_attempt_at", "<", stale),
          eb.or([eb("login_throttle.locked_until", "is", null), eb("login_throttle.locked_until", "<", at)]),
        ]);
        return {
          attempts: eb
            .case()
            .when(forgotten)
            .then(1)
            .else(eb(eb.ref("login_throttle.attempts"), "+", 1))
            .end(),
          locked_until: eb
            .case()
            .when(forgotten)
            .then(eb.val<string | null>(null))
            .else(eb.ref("login_throttle.locked_until"))
            .end(),
          last_attempt_at: at,
        };
      }),
    )
    .returning(["attempts", "locked_until"])
    .executeTakeFirstOrThrow();
  const over = row.attempts - limit;
  if (over <= 0) {
    const until = row.locked_until ? new Date(row.locked_until) : null;
    return until && until > now ? until : null;
  }
  const until = new Date(now.getTime() + Math.min(BASE_LOCK_MS * 2 ** (over - 1), MAX_LOCK_MS));
  await db
    .updateTable("login_throttle")
    .set({ locked_until: until.toISOString() })
    .where("key", "=", key)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", until.toISOString())]))
    .execute();
  return until;
}
