import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { inject } from "vitest";
import { openDatabase } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrations";
import type { Database } from "@/lib/db/schema";

/**
 * Test databases. Without TEST_POSTGRES_URL they are SQLite (in memory, or a temporary file when two connections
 * must share one). In the PostgreSQL project (vitest.config.ts) each is a new database on that server, copied from the
 * run's migrated template (tests/support/postgres-setup.ts) and dropped again when the test destroys it.
 */
const postgresUrl = () => process.env.TEST_POSTGRES_URL || null;

/** A new, migrated database for code that opens it by URL itself (a route, a CLI), and how to drop it. */
export async function freshDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = postgresUrl();
  if (!server) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-db-"));
    return {
      url: `file:${path.join(dir, "test.db")}`,
      drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
    };
  }
  const prefix = inject("postgresPrefix");
  const name = `${prefix}${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const strategy = inject("postgresFileCopy") ? sql`strategy file_copy` : sql``;
  await withAdmin(server, (admin) =>
    sql`create database ${sql.id(name)} template ${sql.id(`${prefix}template`)} ${strategy}`.execute(admin),
  );
  const target = new URL(server);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => withAdmin(server, (admin) => dropWhenClosed(admin, name)) };
}

/**
 * Drops a test database once the test's own connections have gone: a closed pool's sessions can outlive its end() by
 * a moment, and dropping WITH (FORCE) under them would hand the closing client an error nobody listens to.
 */
async function dropWhenClosed(admin: Kysely<Database>, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await sql`drop database if exists ${sql.id(name)}`.execute(admin);
      return;
    } catch (error) {
      // 55006: "database is being accessed by other users"
      if ((error as { code?: string }).code !== "55006") throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
}

/** A migrated, empty database; `destroy()` closes it and, on PostgreSQL, drops it. */
export async function freshDb(): Promise<Kysely<Database>> {
  if (!postgresUrl()) {
    const db = openDatabase("file::memory:");
    await migrateToLatest(db as unknown as Kysely<unknown>);
    return db;
  }
  const { url, drop } = await freshDatabaseUrl();
  return withDrop(openDatabase(url), [], drop);
}

/**
 * Two separate connections to one fresh database, as two server workers or two instances have: for tests of writes
 * that race. Destroying the first closes both and cleans up.
 */
export async function freshDbPair(): Promise<[Kysely<Database>, Kysely<Database>]> {
  const { url, drop } = await freshDatabaseUrl();
  const first = openDatabase(url);
  await migrateToLatest(first as unknown as Kysely<unknown>);
  const second = openDatabase(url);
  return [withDrop(first, [second], drop), second];
}

function withDrop(db: Kysely<Database>, others: Kysely<Database>[], drop: () => Promise<void>): Kysely<Database> {
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    for (const other of others) await other.destroy();
    await destroy();
    await drop();
  };
  return db;
}

async function withAdmin(server: string, run: (admin: Kysely<Database>) => Promise<unknown>): Promise<void> {
  const admin = openDatabase(server);
  try {
    await run(admin);
  } finally {
    await admin.destroy();
  }
}
