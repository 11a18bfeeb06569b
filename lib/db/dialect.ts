import "server-only";
import { type Kysely, PostgresAdapter } from "kysely";

/** True on PostgreSQL, false on SQLite: for the few statements that must differ (locks, auto-increment keys). */
export function isPostgres(db: Pick<Kysely<unknown>, "getExecutor">): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
