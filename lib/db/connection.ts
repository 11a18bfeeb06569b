import "server-only";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, SqliteDialect, type SqliteDatabase } from "kysely";
import { Pool, type PoolClient } from "pg";
import { outsideRequests } from "@/lib/startup-context";
import { rememberEngine } from "./dialect";
import { migrateToLatest } from "./migrations";
import type { Database } from "./schema";

/**
 * `file:./data/dashboard.db` (the embedded default, SQLite in WAL mode) or `postgres://…` for deployments with
 * several instances. The database is migrated before the first query.
 */
export function openDatabase(url: string): Kysely<Database> {
  return connect(url).db;
}

/** The database and a way to close it synchronously, for a process that is exiting (no event loop left to await). */
function connect(url: string): { db: Kysely<Database>; closeNow: () => void } {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const pool = new Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolOutsideRequests(pool) }) });
    rememberEngine(db, "postgres");
    // end() says goodbye on every idle connection at once; what it cannot finish, the exit does.
    return { db, closeNow: () => void pool.end().catch(() => undefined) };
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite) }) });
  rememberEngine(db, "sqlite");
  return {
    db,
    closeNow: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * The pool as Kysely uses it, with its connections opened and its idle timers set outside any request: they outlive
 * the request that happened to need them (lib/startup-context.ts). Each pooled client keeps one wrapper, so that Kysely,
 * which knows its connections by the client object, still sees the same connection each time it comes back.
 */
function poolOutsideRequests(pool: Pool): PostgresPool {
  const wrappers = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    let wrapper = wrappers.get(client);
    if (!wrapper) {
      wrapper = {
        query: client.query.bind(client),
        // pg gives the client a new release() at every checkout: look it up when called.
        release: (destroy) => outsideRequests(() => client.release(destroy)),
      };
      wrappers.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await outsideRequests(() => pool.connect())),
    end: () => pool.end(),
  };
}

/** How many prepared statements a SQLite connection keeps: the dashboard runs a few dozen distinct queries. */
const KEPT_STATEMENTS = 256;

/**
 * better-sqlite3 for Kysely, keeping each prepared statement for the next run of the same SQL: Kysely prepares every
 * query it runs, and compiling the SQL again was half the time of a simple query (16.8 against 7.9 µs). A statement still
 * being iterated (a stream) is never handed out twice: that query gets a fresh one.
 */
export function keepingStatements(sqlite: SQLite.Database, size = KEPT_STATEMENTS): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const statement = kept.get(sql);
      if (statement && !statement.busy) return statement;
      const fresh = sqlite.prepare(sql);
      if (!statement) {
        // The oldest goes first (a Map keeps insertion order): a bound, not a cache policy worth more code.
        if (kept.size >= size) kept.delete(kept.keys().next().value!);
        kept.set(sql, fresh);
      }
      return fresh;
    },
  };
}

const globalForDb = globalThis as unknown as {
  __dashboardDb?: { url: string; db: Promise<Kysely<Database>>; closeNow: () => void };
};

/** One migrated connection (pool) per process, shared across hot reloads in development. */
export function getDbFor(url: string): Promise<Kysely<Database>> {
  const cached = globalForDb.__dashboardDb;
  if (cached && cached.url === url) return cached.db;
  const connection = connect(url);
  const db = (async () => {
    await migrateToLatest(connection.db as unknown as Kysely<unknown>);
    return connection.db;
  })();
  db.catch(() => {
    if (globalForDb.__dashboardDb?.db === db) globalForDb.__dashboardDb = undefined;
    connection.closeNow();
  });
  globalForDb.__dashboardDb = { url, db, closeNow: connection.closeNow };
  return db;
}

/** Closes the process's database at once (SQLite checkpoints its WAL into the file); for the exit of the process. */
export function closeDatabasesNow(): void {
  globalForDb.__dashboardDb?.closeNow();
}
