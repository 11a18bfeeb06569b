import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/db/connection";
import { migrateToLatest } from "@/lib/db/migrations";
import type { Database } from "@/lib/db/schema";

declare module "vitest" {
  export interface ProvidedContext {
    /** Every database this run creates starts with it; the template the tests copy is `<prefix>template`. */
    postgresPrefix: string;
    /** PostgreSQL 15+ copies a small template much faster file by file (STRATEGY FILE_COPY). */
    postgresFileCopy: boolean;
  }
}

/**
 * For the PostgreSQL project: checks the server answers, builds one migrated template database the tests copy (much
 * faster than migrating each one), and at the end drops the template and fails the run if any test left a database
 * of its own behind.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_POSTGRES_URL ?? "";
  const prefix = `dashboard_test_${randomBytes(4).toString("hex")}_`;
  const template = `${prefix}template`;
  const admin = openDatabase(url);
  try {
    await sql`select 1`.execute(admin);
  } catch (error) {
    await admin.destroy();
    throw new Error(
      `TEST_POSTGRES_URL (${redact(url)}) does not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await sql`create database ${sql.id(template)}`.execute(admin);
  const target = new URL(url);
  target.pathname = `/${template}`;
  const db = openDatabase(target.toString());
  await migrateToLatest(db as unknown as Kysely<unknown>);
  await db.destroy();
  project.provide("postgresPrefix", prefix);
  const version = await sql<{ server_version_num: string }>`show server_version_num`.execute(admin);
  project.provide("postgresFileCopy", Number(version.rows[0]?.server_version_num) >= 150000);

  return async () => {
    try {
      const left = await leftover(admin, prefix);
      for (const name of left) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      const strays = left.filter((name) => name !== template);
      if (strays.length > 0) {
        throw new Error(`${strays.length} test database(s) were not dropped by their suites: ${strays.join(", ")}`);
      }
    } finally {
      await admin.destroy();
    }
  };
}

async function leftover(admin: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await sql<{ datname: string }>`select datname from pg_database where starts_with(datname, ${prefix})`.execute(
    admin,
  );
  return rows.rows.map((row) => row.datname);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
