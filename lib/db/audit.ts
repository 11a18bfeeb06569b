import "server-only";
import { type Kysely, sql } from "kysely";
import type { AuditAction, AuditOutcome } from "@/lib/audit/actions";
import { logger } from "@/lib/log";
import type { AuditEntry, Database } from "./schema";

export interface AuditInput {
  /** the person, as they were at that moment; null when Meta reported it (a webhook) */
  actor: { email: string; role: string } | null;
  action: AuditAction;
  outcome: AuditOutcome;
  phoneNumberId?: string | null;
  groupId?: string | null;
  groupSubject?: string | null;
  requestId?: string | null;
  targetUser?: string | null;
  errorCode?: number | null;
  errorMessage?: string | null;
  /** small, and never a secret: counts, roles, per-item outcomes */
  details?: Record<string, unknown> | null;
  settlesId?: number | null;
  clientIp?: string | null;
}

/**
 * Appends an entry inside the caller's transaction, beside the change's own bookkeeping. The insert runs in a
 * savepoint: if it fails, only the entry is rolled back (on PostgreSQL a failed statement would otherwise abort the
 * whole transaction and lose the change), and the entry goes to the server log whole, so it can be reconstructed.
 * Returns the entry's id, or null when it could not be written.
 */
export async function recordAudit(trx: Kysely<Database>, input: AuditInput, now = new Date()): Promise<number | null> {
  const row = toRow(input, now);
  await sql`savepoint audit_entry`.execute(trx);
  try {
    const { id } = await trx.insertInto("audit_log").values(row).returning("id").executeTakeFirstOrThrow();
    await sql`release savepoint audit_entry`.execute(trx);
    return id;
  } catch (error) {
    await sql`rollback to savepoint audit_entry`.execute(trx);
    await sql`release savepoint audit_entry`.execute(trx);
    logger.error(
      { err: error instanceof Error ? error.message : String(error), auditEntry: row },
      "Activity log entry could not be written; the change itself went through",
    );
    return null;
  }
}

/** The same outside any transaction of the caller's (a change with no bookkeeping of its own). */
export function recordAuditAlone(db: Kysely<Database>, input: AuditInput, now = new Date()): Promise<number | null> {
  return db.transaction().execute((trx) => recordAudit(trx, input, now));
}

function toRow(input: AuditInput, now: Date) {
  return {
    at: now.toISOString(),
    actor_email: input.actor?.email ?? null,
    actor_role: input.actor?.role ?? null,
    action: input.action,
    outcome: input.outcome,
    phone_number_id: input.phoneNumberId ?? null,
    group_id: input.groupId ?? null,
    group_subject: input.groupSubject ?? null,
    request_id: input.requestId ?? null,
    target_user: input.targetUser ?? null,
    error_code: input.errorCode ?? null,
    error_message: input.errorMessage ?? null,
    details: input.details ? JSON.stringify(input.details) : null,
    settles_id: input.settlesId ?? null,
    client_ip: input.clientIp ?? null,
  };
}

export interface AuditFilters {
  actor?: string;
  action?: AuditAction;
  phoneNumberId?: string;
  groupId?: string;
  /** ISO instants, from inclusive, to exclusive */
  from?: string;
  to?: string;
}

function filtered(db: Kysely<Database>, filters: AuditFilters) {
  let query = db.selectFrom("audit_log").selectAll();
  if (filters.actor) query = query.where("actor_email", "=", filters.actor);
  if (filters.action) query = query.where("action", "=", filters.action);
  if (filters.phoneNumberId) query = query.where("phone_number_id", "=", filters.phoneNumberId);
  if (filters.groupId) query = query.where("group_id", "=", filters.groupId);
  if (filters.from) query = query.where("at", ">=", filters.from);
  if (filters.to) query = query.where("at", "<", filters.to);
  return query;
}

/** Newest first, a page at a time (keyset by id). */
export async function listAudit(
  db: Kysely<Database>,
  filters: AuditFilters,
  page: { before?: number; limit: number },
): Promise<{ rows: AuditEntry[]; nextBefore: number | null }> {
  let query = filtered(db, filters)
    .orderBy("id", "desc")
    .limit(page.limit + 1);
  if (page.before) query = query.where("id", "<", page.before);
  const rows = await query.execute();
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  return { rows: shown, nextBefore: more ? (shown.at(-1)?.id ?? null) : null };
}

/** Every matching entry, newest first, a batch at a time (the CSV export). */
export async function* streamAudit(db: Kysely<Database>, filters: AuditFilters, batch = 1000): AsyncGenerator<AuditEntry[]> {
  let before: number | undefined;
  for (;;) {
    const { rows, nextBefore } = await listAudit(db, filters, { before, limit: batch });
    if (rows.length > 0) yield rows;
    if (nextBefore === null) return;
    before = nextBefore;
  }
}

/** The people who appear in the log, for the person filter. */
export async function auditActors(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select("actor_email")
    .distinct()
    .where("actor_email", "is not", null)
    .orderBy("actor_email")
    .limit(500)
    .execute();
  return rows.flatMap((r) => (r.actor_email ? [r.actor_email] : []));
}

/** The retention job's, and only the retention job's: entries older than `before` go. Returns how many. */
export async function pruneAudit(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom("audit_log").where("at", "<", before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
