import "server-only";
import type { Kysely } from "kysely";
import type { CreationRequest, Database, RequestStatus } from "./schema";

export interface NewCreation {
  idempotencyKey: string;
  phoneNumberId: string;
  subject: string;
  description?: string;
  joinApprovalMode: "auto_approve" | "approval_required";
  createdBy: string;
}

/**
 * Records a create before it is sent. Returns `{ claimed: true }` when this call owns the key and must call Meta,
 * or the row that already holds the key (a double submit): the caller answers with it instead of calling again.
 */
export async function claimCreation(
  db: Kysely<Database>,
  input: NewCreation,
): Promise<{ claimed: true; row: CreationRequest } | { claimed: false; row: CreationRequest }> {
  const now = new Date().toISOString();
  const inserted = await db
    .insertInto("creation_requests")
    .values({
      idempotency_key: input.idempotencyKey,
      phone_number_id: input.phoneNumberId,
      subject: input.subject,
      description: input.description ?? null,
      join_approval_mode: input.joinApprovalMode,
      status: "submitting",
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
      request_id: null,
      group_id: null,
      invite_link: null,
      error_code: null,
      error_message: null,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { claimed: true, row: inserted };
  const existing = await db.selectFrom("creation_requests").selectAll().where("idempotency_key", "=", input.idempotencyKey).executeTakeFirstOrThrow();
  return { claimed: false, row: existing };
}

export async function markSubmitted(db: Kysely<Database>, id: number, requestId: string): Promise<CreationRequest> {
  return db
    .updateTable("creation_requests")
    .set({ status: "pending", request_id: requestId, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function markSubmitFailed(
  db: Kysely<Database>,
  id: number,
  status: Extract<RequestStatus, "rejected" | "unconfirmed">,
  error: { code: number | null; message: string },
): Promise<void> {
  await db
    .updateTable("creation_requests")
    .set({ status, error_code: error.code, error_message: error.message, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export interface RequestListPage {
  rows: CreationRequest[];
  /** id to pass as `before` for the next (older) page, when there is one */
  nextBefore: number | null;
}

/** Newest first, keyset-paginated by id. */
export async function listCreationRequests(db: Kysely<Database>, opts: { limit: number; before?: number }): Promise<RequestListPage> {
  let query = db.selectFrom("creation_requests").selectAll().orderBy("id", "desc").limit(opts.limit + 1);
  if (opts.before) query = query.where("id", "<", opts.before);
  const rows = await query.execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return { rows: page, nextBefore: more ? (page[page.length - 1]?.id ?? null) : null };
}
