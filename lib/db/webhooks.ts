import "server-only";
import type { Kysely } from "kysely";
import type { Database, DeliveryStatus, NewWebhookUpdate, WebhookUpdate } from "./schema";

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

/** Stores a signed delivery, raw, before anything reads it. Returns its id. */
export async function recordDelivery(db: Kysely<Database>, body: string, now = new Date()): Promise<number> {
  const row = await db
    .insertInto("webhook_deliveries")
    .values({
      received_at: now.toISOString(),
      body,
      status: "received",
      error: null,
      applied: 0,
      duplicates: 0,
      pending: 0,
      skipped: 0,
      processed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishDelivery(
  db: Kysely<Database>,
  id: number,
  outcome: {
    status: Exclude<DeliveryStatus, "received">;
    error?: string;
    counts?: { applied: number; duplicates: number; pending: number; skipped: number };
  },
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set({ status: outcome.status, error: outcome.error ?? null, ...outcome.counts, processed_at: now.toISOString() })
    .where("id", "=", id)
    .execute();
}

/**
 * Inserts the updates not seen before (`dedupe_key` is unique) and returns the keys that were new: only those may
 * change anything. A retried delivery inserts nothing and so changes nothing.
 */
export async function insertNewUpdates(db: Kysely<Database>, rows: NewWebhookUpdate[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const result = await db
      .insertInto("webhook_updates")
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .returning("dedupe_key")
      .execute();
    for (const r of result) inserted.add(r.dedupe_key);
  }
  return inserted;
}

/** Lifecycle updates that arrived before the creation request carried their request_id. Oldest first. */
export async function listPendingUpdates(db: Kysely<Database>, requestId: string): Promise<WebhookUpdate[]> {
  return db
    .selectFrom("webhook_updates")
    .selectAll()
    .where("request_id", "=", requestId)
    .where("applied", "=", 0)
    .where("field", "=", "group_lifecycle_update")
    .orderBy("id")
    .execute();
}

/** Which of these request IDs have a lifecycle update waiting to be applied. */
export async function requestIdsWithPendingUpdates(db: Kysely<Database>, requestIds: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < requestIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom("webhook_updates")
      .select("request_id")
      .distinct()
      .where("request_id", "in", requestIds.slice(i, i + CHUNK))
      .where("applied", "=", 0)
      .where("field", "=", "group_lifecycle_update")
      .execute();
    for (const r of rows) if (r.request_id) found.push(r.request_id);
  }
  return found;
}

export async function markUpdatesApplied(db: Kysely<Database>, ids: number[], now = new Date()): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("webhook_updates").set({ applied: 1, applied_at: now.toISOString() }).where("id", "in", ids).execute();
}

/**
 * group_create updates of this number received since `since` that no creation request has claimed yet (their
 * request ID is unknown here): candidates for a create whose answer never arrived.
 */
export async function listUnclaimedCreates(
  db: Kysely<Database>,
  match: { phoneNumberId: string; since: Date },
): Promise<WebhookUpdate[]> {
  return db
    .selectFrom("webhook_updates")
    .selectAll()
    .where("field", "=", "group_lifecycle_update")
    .where("type", "=", "group_create")
    .where("applied", "=", 0)
    .where("phone_number_id", "=", match.phoneNumberId)
    .where("received_at", ">=", match.since.toISOString())
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("creation_requests")
            .select("creation_requests.id")
            .whereRef("creation_requests.request_id", "=", "webhook_updates.request_id"),
        ),
      ),
    )
    .orderBy("id")
    .execute();
}

/**
 * Deliveries, and the updates stored from them, received before `before` (retention). Updates still waiting for their
 * creation request are kept: they may yet settle one.
 */
export async function pruneWebhooks(db: Kysely<Database>, before: Date): Promise<{ deliveries: number; updates: number }> {
  const at = before.toISOString();
  const updates = await db
    .deleteFrom("webhook_updates")
    .where("received_at", "<", at)
    .where("applied", "=", 1)
    .executeTakeFirst();
  const deliveries = await db.deleteFrom("webhook_deliveries").where("received_at", "<", at).executeTakeFirst();
  return { deliveries: Number(deliveries.numDeletedRows), updates: Number(updates.numDeletedRows) };
}
