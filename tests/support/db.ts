import { type Kysely, sql } from "kysely";
import { openDatabase } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrations";
import type { Database } from "@/lib/db/schema";

/**
 * A migrated, empty database: in-memory SQLite, or a new database on the PostgreSQL server named by
 * TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run the same tests there.
 */
export async function freshDb(): Promise<Kysely<Database>> {
  const pgUrl = process.env.TEST_POSTGRES_URL;
  let url = "file::memory:";
  if (pgUrl) {
    const name = `webhooks_test_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = openDatabase(pgUrl);
    await sql`create database ${sql.id(name)}`.execute(admin);
    await admin.destroy();
    const target = new URL(pgUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  }
  const db = openDatabase(url);
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return db;
}
