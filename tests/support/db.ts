import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { openDatabase } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrations";
import type { Database } from "@/lib/db/schema";

/**
 * A migrated, empty database: in-memory SQLite, or a new database on the PostgreSQL server named by
 * TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run the same tests there. On PostgreSQL the
 * database is dropped again by `destroy()`, so a run leaves nothing behind.
 */
export async function freshDb(): Promise<Kysely<Database>> {
  const pgUrl = process.env.TEST_POSTGRES_URL;
  if (!pgUrl) {
    const db = openDatabase("file::memory:");
    await migrateToLatest(db as unknown as Kysely<unknown>);
    return db;
  }
  const name = `dashboard_test_${crypto.randomUUID().replaceAll("-", "")}`;
  const admin = openDatabase(pgUrl);
  try {
    await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  const target = new URL(pgUrl);
  target.pathname = `/${name}`;
  const db = openDatabase(target.toString());
  await migrateToLatest(db as unknown as Kysely<unknown>);
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    await destroy();
    const cleanup = openDatabase(pgUrl);
    try {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(cleanup);
    } finally {
      await cleanup.destroy();
    }
  };
  return db;
}

/**
 * Two separate connections to one fresh database (a temporary SQLite file, or a new PostgreSQL database), as two
 * server workers or two instances have: for tests of writes that race. Destroying the first cleans up.
 */
export async function freshDbPair(): Promise<[Kysely<Database>, Kysely<Database>]> {
  const pgUrl = process.env.TEST_POSTGRES_URL;
  if (pgUrl) {
    const first = await freshDb();
    const name = await sql<{ name: string }>`select current_database() as name`.execute(first);
    const target = new URL(pgUrl);
    target.pathname = `/${name.rows[0]!.name}`;
    const second = openDatabase(target.toString());
    const destroy = first.destroy.bind(first);
    first.destroy = async () => {
      await second.destroy();
      await destroy();
    };
    return [first, second];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-db-"));
  const url = `file:${path.join(dir, "race.db")}`;
  const first = openDatabase(url);
  await migrateToLatest(first as unknown as Kysely<unknown>);
  const second = openDatabase(url);
  const destroy = first.destroy.bind(first);
  first.destroy = async () => {
    await second.destroy();
    await destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return [first, second];
}
