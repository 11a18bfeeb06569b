import "server-only";
import { type Kysely, PostgresAdapter, sql } from "kysely";

/** True on PostgreSQL, false on SQLite: for the few statements that must differ (locks, auto-increment keys). */
export function isPostgres(db: Pick<Kysely<unknown>, "getExecutor">): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Serialises this transaction with any other that locks one of the same keys, until both end (PostgreSQL
 * transaction-level advisory locks, taken in a fixed order so two transactions cannot deadlock). On SQLite, whose
 * one connection runs one transaction at a time, there is nothing to do.
 */
export async function lockKeys(trx: Pick<Kysely<unknown>, "getExecutor">, keys: string[]): Promise<void> {
  if (!isPostgres(trx)) return;
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  }
}
