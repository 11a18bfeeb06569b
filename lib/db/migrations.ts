import "server-only";
import { type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { isPostgres } from "./dialect";

/**
 * Migrations live in code (not files read at run time) so they ship inside the Next.js server bundle.
 * Portable SQL only: every statement must run on SQLite and PostgreSQL alike.
 */
const migrations: Record<string, Migration> = {
  "0001_users_and_requests": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .$call(withId(db))
        .addColumn("email", "varchar(320)", (c) => c.notNull().unique())
        .addColumn("name", "varchar(200)")
        .addColumn("password_hash", "varchar(200)", (c) => c.notNull())
        .addColumn("role", "varchar(16)", (c) => c.notNull())
        .addColumn("created_at", "varchar(32)", (c) => c.notNull())
        .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("login_throttle")
        .addColumn("email", "varchar(320)", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("last_failure_at", "varchar(32)", (c) => c.notNull())
        .addColumn("locked_until", "varchar(32)")
        .execute();

      await db.schema
        .createTable("creation_requests")
        .$call(withId(db))
        .addColumn("idempotency_key", "varchar(100)", (c) => c.notNull().unique())
        .addColumn("request_id", "varchar(200)", (c) => c.unique())
        .addColumn("phone_number_id", "varchar(32)", (c) => c.notNull())
        .addColumn("subject", "varchar(512)", (c) => c.notNull())
        .addColumn("description", "text")
        .addColumn("join_approval_mode", "varchar(32)", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("created_by", "varchar(320)", (c) => c.notNull())
        .addColumn("created_at", "varchar(32)", (c) => c.notNull())
        .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
        .addColumn("group_id", "varchar(200)")
        .addColumn("invite_link", "varchar(512)")
        .addColumn("error_code", "integer")
        .addColumn("error_message", "text")
        .execute();
      await db.schema.createIndex("creation_requests_created_at").on("creation_requests").column("created_at").execute();
    },
  },
  "0002_webhooks": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("webhook_deliveries")
        .$call(withId(db))
        .addColumn("received_at", "varchar(32)", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("applied", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("duplicates", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("pending", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("skipped", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("processed_at", "varchar(32)")
        .execute();
      await db.schema.createIndex("webhook_deliveries_received_at").on("webhook_deliveries").column("received_at").execute();

      await db.schema
        .createTable("webhook_updates")
        .$call(withId(db))
        .addColumn("dedupe_key", "varchar(64)", (c) => c.notNull().unique())
        .addColumn("delivery_id", "integer")
        .addColumn("field", "varchar(64)", (c) => c.notNull())
        .addColumn("type", "varchar(64)")
        .addColumn("request_id", "varchar(200)")
        .addColumn("group_id", "varchar(200)")
        .addColumn("phone_number_id", "varchar(32)")
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("applied", "integer", (c) => c.notNull())
        .addColumn("received_at", "varchar(32)", (c) => c.notNull())
        .addColumn("applied_at", "varchar(32)")
        .execute();
      await db.schema
        .createIndex("webhook_updates_request_id")
        .on("webhook_updates")
        .columns(["request_id", "applied"])
        .execute();
      await db.schema.createIndex("webhook_updates_group_id").on("webhook_updates").column("group_id").execute();

      await db.schema
        .createTable("groups_state")
        .addColumn("group_id", "varchar(200)", (c) => c.primaryKey())
        .addColumn("phone_number_id", "varchar(32)")
        .addColumn("subject", "varchar(512)")
        .addColumn("invite_link", "varchar(512)")
        .addColumn("suspended", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("suspended_event_at", "bigint")
        .addColumn("subject_event_at", "bigint")
        .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("groups_state_number").on("groups_state").columns(["phone_number_id", "suspended"]).execute();
      // Finding the creation request of a deleted group.
      await db.schema.createIndex("creation_requests_group_id").on("creation_requests").column("group_id").execute();
    },
  },
  "0003_sessions_throttle_late_matches": {
    async up(db: Kysely<unknown>) {
      // Every sign-in carries the version it was made under; bumping it ends every session of that user.
      await db.schema
        .alterTable("users")
        .addColumn("session_version", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      // Throttling moves from one counter per email to counters per (email, client address) and per address. The
      // old counters are only minutes of state: they are dropped, not carried over.
      await db.schema.dropTable("login_throttle").execute();
      await db.schema
        .createTable("login_throttle")
        .addColumn("key", "varchar(420)", (c) => c.primaryKey())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("last_attempt_at", "varchar(32)", (c) => c.notNull())
        .addColumn("locked_until", "varchar(32)")
        .execute();
      await db.schema.alterTable("creation_requests").addColumn("created_by_user_id", "integer").execute();
      // 1 when Meta's answer never arrived and its group_create webhook was matched to the request afterwards.
      await db.schema
        .alterTable("creation_requests")
        .addColumn("confirmed_late", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex("creation_requests_unconfirmed")
        .on("creation_requests")
        .columns(["status", "phone_number_id"])
        .execute();
    },
  },
  "0004_group_changes": {
    async up(db: Kysely<unknown>) {
      // Changes a manager submitted to Meta whose outcome arrives later by webhook (settings, picture, removal,
      // delete): pending until that webhook settles them.
      await db.schema
        .createTable("group_changes")
        .$call(withId(db))
        .addColumn("group_id", "varchar(200)", (c) => c.notNull())
        .addColumn("phone_number_id", "varchar(32)")
        .addColumn("kind", "varchar(32)", (c) => c.notNull())
        .addColumn("status", "varchar(16)", (c) => c.notNull())
        .addColumn("details", "text", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("error_message", "text")
        .addColumn("request_id", "varchar(200)")
        .addColumn("created_by", "varchar(320)", (c) => c.notNull())
        .addColumn("created_at", "varchar(32)", (c) => c.notNull())
        .addColumn("settled_at", "varchar(32)")
        .execute();
      await db.schema.createIndex("group_changes_group").on("group_changes").columns(["group_id", "status"]).execute();
    },
  },
  "0005_group_index": {
    async up(db: Kysely<unknown>) {
      // Every group of every number as Meta last listed it (or a webhook reported since): what search, totals,
      // sorting and exports read, so none of them needs Meta.
      await db.schema
        .createTable("group_index")
        .addColumn("group_id", "varchar(200)", (c) => c.primaryKey())
        .addColumn("phone_number_id", "varchar(32)", (c) => c.notNull())
        .addColumn("subject", "varchar(512)", (c) => c.notNull())
        .addColumn("subject_key", "varchar(512)", (c) => c.notNull())
        .addColumn("created_raw", "varchar(64)", (c) => c.notNull())
        .addColumn("created_at", "varchar(32)")
        .addColumn("suspended", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_seen_at", "varchar(32)", (c) => c.notNull())
        .addColumn("seen_by_sync", "varchar(64)")
        .execute();
      await db.schema
        .createIndex("group_index_subject")
        .on("group_index")
        .columns(["phone_number_id", "subject_key", "group_id"])
        .execute();
      await db.schema
        .createIndex("group_index_created")
        .on("group_index")
        .columns(["phone_number_id", "created_at", "group_id"])
        .execute();

      // One row per number: its last full walk of Meta's list, the walk under way (and who holds it), and where a
      // failed one stopped. The lease makes one instance sync a number at a time.
      await db.schema
        .createTable("group_sync")
        .addColumn("phone_number_id", "varchar(32)", (c) => c.primaryKey())
        .addColumn("state", "varchar(16)", (c) => c.notNull())
        .addColumn("run_id", "varchar(64)")
        .addColumn("lease_until", "varchar(32)")
        .addColumn("started_at", "varchar(32)")
        .addColumn("pages", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("groups_seen", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("waiting_until", "varchar(32)")
        .addColumn("last_success_at", "varchar(32)")
        .addColumn("last_total", "integer")
        .addColumn("last_error", "text")
        .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
        .execute();
    },
  },
  "0006_audit_log": {
    async up(db: Kysely<unknown>) {
      // Who did what, when: appended to, never changed (triggers refuse an UPDATE on both engines); entries older
      // than AUDIT_RETENTION_DAYS are deleted by the retention job only.
      await db.schema
        .createTable("audit_log")
        .$call(withId(db))
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("actor_email", "varchar(320)")
        .addColumn("actor_role", "varchar(16)")
        .addColumn("action", "varchar(64)", (c) => c.notNull())
        .addColumn("outcome", "varchar(16)", (c) => c.notNull())
        .addColumn("phone_number_id", "varchar(32)")
        .addColumn("group_id", "varchar(200)")
        .addColumn("group_subject", "varchar(512)")
        .addColumn("request_id", "varchar(200)")
        .addColumn("target_user", "varchar(320)")
        .addColumn("error_code", "integer")
        .addColumn("error_message", "text")
        .addColumn("details", "text")
        .addColumn("settles_id", "integer")
        .addColumn("client_ip", "varchar(64)")
        .execute();
      await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
      await db.schema.createIndex("audit_log_group").on("audit_log").columns(["group_id", "id"]).execute();
      await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_email", "id"]).execute();
      if (isPostgres(db)) {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db);
        await sql`create trigger audit_log_no_update before update on audit_log
          for each row execute function audit_log_append_only()`.execute(db);
      } else {
        await sql`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      }
      // Scheduled jobs (retention) run once across instances: whoever takes a job's lease runs it.
      await db.schema
        .createTable("job_leases")
        .addColumn("name", "varchar(64)", (c) => c.primaryKey())
        .addColumn("owner", "varchar(64)")
        .addColumn("lease_until", "varchar(32)")
        .addColumn("last_run_at", "varchar(32)")
        .execute();
      // The entry of the change a webhook may settle later.
      await db.schema.alterTable("creation_requests").addColumn("audit_id", "integer").execute();
      await db.schema.alterTable("group_changes").addColumn("audit_id", "integer").execute();
    },
  },
};

/** An auto-incrementing integer key in each dialect's own words (SERIAL on PostgreSQL, AUTOINCREMENT on SQLite). */
function withId(db: Kysely<unknown>) {
  const postgres = isPostgres(db);
  return <T extends string>(table: CreateTableBuilder<T, never>) =>
    postgres
      ? table.addColumn("id", "serial", (c) => c.primaryKey())
      : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

class InlineMigrationProvider implements MigrationProvider {
  getMigrations() {
    return Promise.resolve(migrations);
  }
}

function migratorFor(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: new InlineMigrationProvider() });
}

/**
 * Applies every migration not yet applied. With several instances starting at once on one PostgreSQL database,
 * Kysely's migration lock lets one of them apply each migration; the others find it applied.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : "unknown error";
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed: ${reason}`);
  }
}

/** How many of this build's migrations the database has not applied (0 when it is up to date). */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<number> {
  const all = await migratorFor(db as unknown as Kysely<unknown>).getMigrations();
  return all.filter((migration) => migration.executedAt === undefined).length;
}
