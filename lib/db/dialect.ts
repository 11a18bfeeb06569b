import "server-only";
import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The engine of every database lib/db/connection.ts opened, by its adapter (which its transactions share). Kept on
 * globalThis because a production build holds a copy of kysely per server bundle (instrumentation, route handlers,
 * actions...) while the process shares one database, opened by whichever ran first: another copy's
 * `instanceof PostgresAdapter` says no, and PostgreSQL ran without its locks.
 */
const engines = ((globalThis as { __dashboardDbEngines?: WeakMap<object, "postgres" | "sqlite"> }).__dashboardDbEngines ??=
  new WeakMap());

/** Records which engine a database opened with (lib/db/connection.ts calls it for every database it opens). */
export function rememberEngine(db: Pick<Kysely<unknown>, "getExecutor">, engine: "postgres" | "sqlite"): void {
  engines.set(db.getExecutor().adapter, engine);
}

/** True on PostgreSQL, false on SQLite: for the few statements that must differ (locks, auto-increment keys). */
export function isPostgres(db: Pick<Kysely<unknown>, "getExecutor">): boolean {
  const adapter = db.getExecutor().adapter;
  const engine = engines.get(adapter);
  return engine ? engine === "postgres" : adapter instanceof PostgresAdapter;
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
