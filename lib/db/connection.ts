import "server-only";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { Pool } from "pg";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

/**
 * `file:./data/dashboard.db` (the embedded default, SQLite in WAL mode) or `postgres://…` for deployments with
 * several instances. The database is migrated before the first query.
 */
export function openDatabase(url: string): Kysely<Database> {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }) });
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

const globalForDb = globalThis as unknown as { __dashboardDb?: { url: string; db: Promise<Kysely<Database>> } };

/** One migrated connection (pool) per process, shared across hot reloads in development. */
export function getDbFor(url: string): Promise<Kysely<Database>> {
  const cached = globalForDb.__dashboardDb;
  if (cached && cached.url === url) return cached.db;
  const db = (async () => {
    const instance = openDatabase(url);
    await migrateToLatest(instance as unknown as Kysely<unknown>);
    return instance;
  })();
  db.catch(() => {
    if (globalForDb.__dashboardDb?.db === db) globalForDb.__dashboardDb = undefined;
  });
  globalForDb.__dashboardDb = { url, db };
  return db;
}
