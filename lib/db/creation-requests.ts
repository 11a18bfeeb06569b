import "server-only";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { JoinApprovalMode } from "@/lib/groups/join-approval";
import type { CreationRequest, Database, RequestStatus } from "./schema";

export interface NewCreation {
  idempotencyKey: string;
  phoneNumberId: string;
  subject: string;
  description?: string;
  joinApprovalMode: JoinApprovalMode;
  createdBy: string;
  createdByUserId: number | null;
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
      created_by_user_id: input.createdByUserId,
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
  const existing = await db
    .selectFrom("creation_requests")
    .selectAll()
    .where("idempotency_key", "=", input.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { claimed: false, row: existing };
}

export async function markSubmitted(db: Kysely<Database>, id: number, requestId: string): Promise<CreationRequest> {
  return (
    db
      .updateTable("creation_requests")
      // Only an unsettled row becomes pending: a row the webhook has already settled never moves back.
      .set((eb) => ({
        status: eb
          .case()
          .when("status", "in", ["submitting", "unconfirmed"])
          .then(eb.val<RequestStatus>("pending"))
          .else(eb.ref("status"))
          .end(),
        request_id: requestId,
        updated_at: new Date().toISOString(),
      }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

/**
 * The create call did not end in a request ID this dashboard could keep: `rejected` (Meta refused it, nothing was
 * made) or `unconfirmed` (no answer, or an answer that could not be recorded: Meta may have made the group). A
 * request ID Meta did return is kept even so. Only a row still being submitted changes.
 */
export async function markSubmitFailed(
  db: Kysely<Database>,
  id: number,
  status: Extract<RequestStatus, "rejected" | "unconfirmed">,
  error: { code: number | null; message: string },
  requestId: string | null = null,
): Promise<void> {
  await db
    .updateTable("creation_requests")
    .set({
      status,
      error_code: error.code,
      error_message: error.message,
      updated_at: new Date().toISOString(),
      ...(requestId ? { request_id: requestId } : {}),
    })
    .where("id", "=", id)
    .where("status", "=", "submitting")
    .execute();
}

/**
 * How long after an unanswered create its group_create webhook may still be matched to it by number and subject.
 * Meta reports a create within seconds; ten minutes covers a slow day without making old requests guessable.
 */
const LATE_MATCH_WINDOW_MS = 10 * 60_000;

/** Unconfirmed requests (no request ID) of this number and subject sent within the window before `at`. */
export async function findUnconfirmedRequests(
  db: Kysely<Database>,
  match: { phoneNumberId: string; subject: string; at: Date },
): Promise<CreationRequest[]> {
  return db
    .selectFrom("creation_requests")
    .selectAll()
    .where("status", "=", "unconfirmed")
    .where("request_id", "is", null)
    .where("phone_number_id", "=", match.phoneNumberId)
    .where("subject", "=", match.subject)
    .where("created_at", ">=", new Date(match.at.getTime() - LATE_MATCH_WINDOW_MS).toISOString())
    .execute();
}

/**
 * Gives an unconfirmed request the request ID of the group_create webhook matched to it, so the usual settlement
 * applies. False when the row got a request ID meanwhile (the match is then dropped).
 */
export async function adoptRequestId(db: Kysely<Database>, id: number, requestId: string): Promise<boolean> {
  const result = await db
    .updateTable("creation_requests")
    .set({ request_id: requestId, status: "pending", confirmed_late: 1, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("status", "=", "unconfirmed")
    .where("request_id", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setCreationAuditId(db: Kysely<Database>, id: number, auditId: number): Promise<void> {
  await db.updateTable("creation_requests").set({ audit_id: auditId }).where("id", "=", id).execute();
}

export async function getCreationRequestById(db: Kysely<Database>, id: number): Promise<CreationRequest | undefined> {
  return db.selectFrom("creation_requests").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface RequestListPage {
  rows: CreationRequest[];
  /** id to pass as `before` for the next (older) page, when there is one */
  nextBefore: number | null;
}

/** Newest first, keyset-paginated by id. */
export async function listCreationRequests(
  db: Kysely<Database>,
  opts: { limit: number; before?: number },
): Promise<RequestListPage> {
  let query = db
    .selectFrom("creation_requests")
    .selectAll()
    .orderBy("id", "desc")
    .limit(opts.limit + 1);
  if (opts.before) query = query.where("id", "<", opts.before);
  const rows = await query.execute();
  const more = rows.length > opts.limit;
  const page = more ? rows.slice(0, opts.limit) : rows;
  return { rows: page, nextBefore: more ? (page[page.length - 1]?.id ?? null) : null };
}

/** The row Meta's `request_id` belongs to (the create call's answer), if this dashboard made it. */
export async function getCreationRequest(db: Kysely<Database>, requestId: string): Promise<CreationRequest | undefined> {
  return db.selectFrom("creation_requests").selectAll().where("request_id", "=", requestId).executeTakeFirst();
}

/** Rows for several Meta request IDs at once (for a delivery of many updates). */
export async function getCreationRequestsByRequestIds(db: Kysely<Database>, requestIds: string[]): Promise<CreationRequest[]> {
  const rows: CreationRequest[] = [];
  for (const chunk of batches(requestIds, 400)) {
    rows.push(...(await db.selectFrom("creation_requests").selectAll().where("request_id", "in", chunk).execute()));
  }
  return rows;
}

/** Rows by their own ids, newest first. */
export async function getCreationRequestsByIds(db: Kysely<Database>, ids: number[]): Promise<CreationRequest[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("creation_requests").selectAll().where("id", "in", ids).orderBy("id", "desc").execute();
}

/** Statuses a lifecycle webhook may still settle. `created`, `failed` and `deleted` are final: a request never moves back. */
const UNSETTLED: RequestStatus[] = ["submitting", "pending", "unconfirmed"];

export type Settlement =
  | { id: number; outcome: "created"; groupId: string; inviteLink: string | null; subject: string | null }
  | { id: number; outcome: "failed"; code: number | null; message: string };

/**
 * What lifecycle webhooks reported for these requests, a few statements per 200 rows. Only unsettled rows change:
 * a request never moves back from created, failed or deleted. Give each row at most one settlement.
 */
export async function settleCreationRequests(db: Kysely<Database>, settlements: Settlement[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  const created = settlements.filter((s) => s.outcome === "created");
  const failed = settlements.filter((s) => s.outcome === "failed");
  for (const chunk of batches(created)) {
    await db
      .updateTable("creation_requests")
      .set({
        status: "created",
        group_id: caseById(chunk.map((s) => [s.id, s.groupId])),
        invite_link: caseById(chunk.map((s) => [s.id, s.inviteLink])),
        subject: caseById(
          chunk.flatMap((s) => (s.subject === null ? [] : [[s.id, s.subject] as const])),
          sql.ref("subject"),
        ),
        error_code: null,
        error_message: null,
        updated_at: at,
      })
      .where(
        "id",
        "in",
        chunk.map((s) => s.id),
      )
      .where("status", "in", UNSETTLED)
      .execute();
  }
  for (const chunk of batches(failed)) {
    await db
      .updateTable("creation_requests")
      .set({
        status: "failed",
        error_code: caseById(chunk.map((s) => [s.id, s.code === null ? null : sql<number>`cast(${s.code} as integer)`])),
        error_message: caseById(chunk.map((s) => [s.id, s.message])),
        updated_at: at,
      })
      .where(
        "id",
        "in",
        chunk.map((s) => s.id),
      )
      .where("status", "in", UNSETTLED)
      .execute();
  }
}

/** `case id when 1 then … when 2 then … else <fallback> end`: one value per row in a single portable UPDATE. */
function caseById<T>(
  pairs: ReadonlyArray<readonly [number, T | RawBuilder<T> | null]>,
  fallback: RawBuilder<unknown> | null = null,
) {
  if (pairs.length === 0) return sql<T>`${fallback ?? sql`null`}`;
  const whens = pairs.map(([id, value]) => sql`when ${id} then ${value}`);
  return sql<T>`case ${sql.ref("id")} ${sql.join(whens, sql` `)} else ${fallback ?? sql`null`} end`;
}

/**
 * Created requests whose group the webhooks reported deleted become deleted (whichever webhook came first).
 * Returns how many changed.
 */
export async function markDeletedGroups(db: Kysely<Database>, groupIds: string[], now = new Date()): Promise<number> {
  let changed = 0;
  const unique = [...new Set(groupIds)];
  for (let i = 0; i < unique.length; i += 400) {
    const chunk = unique.slice(i, i + 400);
    const result = await db
      .updateTable("creation_requests")
      .set({ status: "deleted", updated_at: now.toISOString() })
      .where("status", "=", "created")
      .where("group_id", "in", chunk)
      .where("group_id", "in", (eb) =>
        eb.selectFrom("groups_state").select("group_id").where("deleted", "=", 1).where("group_id", "in", chunk),
      )
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

/** Large id lists go 400 per IN list; settlements 200 rows per statement (each row adds a CASE branch). */
function* batches<T>(items: T[], size = 200): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
