import "server-only";
import { logger } from "@/lib/log";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import {
  adoptRequestId,
  findUnconfirmedRequests,
  getCreationRequest,
  getCreationRequestsByRequestIds,
  markDeletedGroups,
  type Settlement,
  settleCreationRequests,
} from "@/lib/db/creation-requests";
import {
  type GroupCreatedEvent,
  type GroupSubjectEvent,
  type GroupSuspensionEvent,
  recordGroupsCreated,
  recordGroupsDeleted,
  recordGroupSubjects,
  recordGroupSuspensions,
} from "@/lib/db/groups-state";
import { indexGroupsCreated, indexGroupsDeleted, indexGroupsRenamed, indexGroupsSuspended } from "@/lib/db/group-index";
import { recordAudit } from "@/lib/db/audit";
import { lockKeys } from "@/lib/db/dialect";
import type { CreationRequest, Database, NewWebhookUpdate } from "@/lib/db/schema";
import {
  insertNewUpdates,
  listPendingUpdates,
  listUnclaimedCreates,
  markUpdatesApplied,
  requestIdsWithPendingUpdates,
} from "@/lib/db/webhooks";
import { groupCreateSchema, parseDelivery, type ParsedUpdate, type WebhookError } from "./parse";
import { settleGroupChanges } from "./settle-changes";

export interface ProcessCounts {
  /** new updates whose effect is recorded */
  applied: number;
  /** updates seen before (a retried delivery, or twice in one delivery): nothing changed */
  duplicates: number;
  /** new lifecycle updates kept until their creation request carries the request_id (see applyPendingUpdatesFor) */
  pending: number;
  /** items that could not be read (logged) */
  skipped: number;
}

type GroupCreate = Extract<ParsedUpdate["item"], { type: "group_create" }>;

/**
 * Applies one delivery in a single transaction. Each update is stored once under a stable key; only an update
 * stored for the first time changes anything, so a retried delivery is harmless.
 */
export async function processDelivery(
  db: Kysely<Database>,
  payload: unknown,
  opts: { deliveryId?: number; now?: Date } = {},
): Promise<ProcessCounts> {
  const parsed = parseDelivery(payload);
  logProblems(opts.deliveryId, parsed.problems);
  const counts: ProcessCounts = { applied: 0, duplicates: 0, pending: 0, skipped: parsed.skipped };
  if (parsed.updates.length === 0) return counts;
  const now = opts.now ?? new Date();
  const at = now.toISOString();

  const unique = new Map<string, ParsedUpdate>();
  for (const update of parsed.updates) {
    const key = dedupeKey(update);
    if (unique.has(key)) counts.duplicates += 1;
    else unique.set(key, update);
  }

  await db.transaction().execute(async (trx) => {
    const createRequestIds = [...unique.values()].flatMap((u) => (isCreate(u) ? [u.item.request_id] : []));
    // A create's own follow-up (its request ID recorded, early updates applied) may run at this moment on another
    // instance: whichever takes the request's lock first finishes before the other looks.
    await lockKeys(trx, createRequestIds.map(creationLockKey));
    const requests = new Map<string, CreationRequest>();
    if (createRequestIds.length > 0) {
      for (const row of await getCreationRequestsByRequestIds(trx, [...new Set(createRequestIds)])) {
        if (row.request_id) requests.set(row.request_id, row);
      }
    }

    const rows: NewWebhookUpdate[] = [];
    for (const [key, u] of unique) {
      const waits = isCreate(u) && !requests.has(u.item.request_id);
      rows.push({
        dedupe_key: key,
        delivery_id: opts.deliveryId ?? null,
        field: u.field,
        type: u.item.type ?? null,
        request_id: typeof u.item.request_id === "string" ? u.item.request_id : null,
        group_id: u.item.group_id ?? null,
        phone_number_id: u.phoneNumberId,
        payload: canonicalJson(u.raw),
        applied: waits ? 0 : 1,
        received_at: at,
        applied_at: waits ? null : at,
      });
    }
    const inserted = await insertNewUpdates(trx, rows);

    const work: Work = { settlements: new Map(), created: [], deleted: [], suspensions: [], subjects: [] };
    const waiting: GroupCreate[] = [];
    const fresh: ParsedUpdate[] = [];
    for (const [key, u] of unique) {
      if (!inserted.has(key)) {
        counts.duplicates += 1;
        continue;
      }
      fresh.push(u);
      if (collect(u, requests, work)) counts.applied += 1;
      else {
        counts.pending += 1;
        if (isCreate(u)) waiting.push(u.item);
      }
    }
    // Every write below commutes with the others, so each kind goes in as a few multi-row statements.
    await settleCreationRequests(trx, [...work.settlements.values()], now);
    await auditCreateOutcomes(trx, [...work.settlements.values()], [...requests.values()], now);
    await recordGroupsCreated(trx, work.created, now);
    await recordGroupsDeleted(trx, work.deleted, now);
    await recordGroupSuspensions(trx, work.suspensions, now);
    await recordGroupSubjects(trx, work.subjects, now);
    // After both: a delete that arrived before (or with) its group's create still marks the request deleted.
    await markDeletedGroups(
      trx,
      [...work.deleted, ...work.created].map((g) => g.groupId),
      now,
    );
    // The index of every group (search, totals, export) stays current between syncs.
    await indexGroupsCreated(trx, work.created, now);
    await indexGroupsDeleted(
      trx,
      work.deleted.map((d) => d.groupId),
    );
    await indexGroupsRenamed(trx, work.subjects);
    await indexGroupsSuspended(
      trx,
      work.suspensions.map((s) => s.groupId),
    );
    // The outcome of settings updates, removals and deletes a manager submitted (lib/groups/*).
    await settleGroupChanges(trx, fresh, now);
    // A create nobody here has the request ID of may belong to a create call that went unanswered.
    const phoneNumberOf = new Map([...unique.values()].filter(isCreate).map((u) => [u.item.request_id, u.phoneNumberId]));
    for (const item of waiting) {
      const phoneNumberId = phoneNumberOf.get(item.request_id) ?? null;
      const sameSubject = waiting.filter((w) => w.subject === item.subject && phoneNumberOf.get(w.request_id) === phoneNumberId);
      if (sameSubject.length !== 1 || !phoneNumberId || item.subject === undefined) continue;
      const candidates = await findUnconfirmedRequests(trx, { phoneNumberId, subject: item.subject, at: now });
      const only = candidates.length === 1 ? candidates[0] : undefined;
      if (only && (await adoptRequestId(trx, only.id, item.request_id))) {
        await applyPendingIn(trx, item.request_id, now);
        counts.pending -= 1;
        counts.applied += 1;
      }
    }
  });
  return counts;
}

/**
 * For a create call that went unanswered (the request is unconfirmed and has no request ID): adopts the request ID
 * of a group_create webhook that already arrived for the same number and subject, when exactly one such webhook and
 * exactly one such request exist within LATE_MATCH_WINDOW_MS, and applies it. True when it matched. (A webhook that
 * arrives after the create call gave up is matched by processDelivery instead.)
 */
export async function matchUnconfirmedRequest(db: Kysely<Database>, row: CreationRequest, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const since = new Date(Date.parse(row.created_at) - 60_000);
    const updates = (await listUnclaimedCreates(trx, { phoneNumberId: row.phone_number_id, since })).flatMap((u) => {
      const item = groupCreateSchema.safeParse(safeJson(u.payload));
      return item.success && item.data.subject === row.subject ? [item.data] : [];
    });
    const only = updates.length === 1 ? updates[0] : undefined;
    if (!only) return false;
    const rows = await findUnconfirmedRequests(trx, { phoneNumberId: row.phone_number_id, subject: row.subject, at: now });
    if (rows.length !== 1 || rows[0]?.id !== row.id) return false;
    if (!(await adoptRequestId(trx, row.id, only.request_id))) return false;
    await applyPendingIn(trx, only.request_id, now);
    return true;
  });
}

/**
 * Settles the creation request with this Meta request ID from lifecycle updates that arrived before the create call
 * returned. The create action calls it right after `markSubmitted`; the live status route calls it as a safety net.
 * Returns how many waiting updates it applied.
 */
export async function applyPendingUpdatesFor(db: Kysely<Database>, requestId: string, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockKeys(trx, [creationLockKey(requestId)]);
    return applyPendingIn(trx, requestId, now);
  });
}

/** The lock a create's webhook and its own follow-up share (see processDelivery and lib/groups/create.ts). */
export function creationLockKey(requestId: string): string {
  return `creation:${requestId}`;
}

export async function applyPendingIn(trx: Kysely<Database>, requestId: string, now: Date): Promise<number> {
  const row = await getCreationRequest(trx, requestId);
  if (!row) return 0;
  const waiting = await listPendingUpdates(trx, requestId);
  if (waiting.length === 0) return 0;
  // The first readable one settles the request, as it would have had it arrived after the create call.
  const first = waiting.map((u) => groupCreateSchema.safeParse(safeJson(u.payload))).find((r) => r.success)?.data;
  const settlement = first ? settlementFor(row, first) : null;
  if (settlement) {
    await settleCreationRequests(trx, [settlement], now);
    await auditCreateOutcomes(trx, [settlement], [row], now);
    if (settlement.outcome === "created") await markDeletedGroups(trx, [settlement.groupId], now);
  }
  await markUpdatesApplied(
    trx,
    waiting.map((u) => u.id),
    now,
  );
  return waiting.length;
}

/** applyPendingUpdatesFor for each of these request IDs that has something waiting. Returns how many were applied. */
export async function reconcilePendingRequests(db: Kysely<Database>, requestIds: string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  let total = 0;
  for (const requestId of await requestIdsWithPendingUpdates(db, requestIds))
    total += await applyPendingUpdatesFor(db, requestId);
  return total;
}

interface Work {
  /** the first settling update per creation request wins, as if they had been applied one by one */
  settlements: Map<number, Settlement>;
  created: GroupCreatedEvent[];
  deleted: { groupId: string; phoneNumberId: string | null }[];
  suspensions: GroupSuspensionEvent[];
  subjects: GroupSubjectEvent[];
}

/** Adds what the update changes to `work`. False when it must wait for its creation request. */
function collect(u: ParsedUpdate, requests: Map<string, CreationRequest>, work: Work): boolean {
  const phoneNumberId = u.phoneNumberId;
  switch (u.field) {
    case "group_lifecycle_update": {
      const item = u.item;
      if (item.type === "group_create") {
        if (!hasErrors(item) && item.group_id) {
          work.created.push({
            groupId: item.group_id,
            phoneNumberId,
            subject: item.subject ?? null,
            inviteLink: item.invite_link ?? null,
            eventAt: item.timestamp,
          });
        }
        const row = requests.get(item.request_id);
        if (!row) return false;
        const settlement = settlementFor(row, item);
        if (settlement && !work.settlements.has(row.id)) work.settlements.set(row.id, settlement);
        return true;
      }
      // group_delete: a failed delete changes nothing; it is only kept in webhook_updates.
      if (!hasErrors(item)) work.deleted.push({ groupId: item.group_id, phoneNumberId });
      return true;
    }
    case "group_status_update":
      work.suspensions.push({
        groupId: u.item.group_id,
        phoneNumberId,
        suspended: u.item.type === "group_suspend",
        eventAt: u.item.timestamp,
      });
      return true;
    case "group_settings_update": {
      const subject = u.item.group_subject;
      if (subject?.update_successful === true && subject.text) {
        work.subjects.push({ groupId: u.item.group_id, phoneNumberId, subject: subject.text, eventAt: u.item.timestamp });
      }
      return true;
    }
    case "group_participants_update":
      // Kept in webhook_updates only: the dashboard reads participants from Meta when it needs them.
      return true;
  }
}

/** Each create Meta reported made or failed, as an activity entry of its own linked to the entry of the create. */
async function auditCreateOutcomes(
  trx: Kysely<Database>,
  settlements: Settlement[],
  rows: CreationRequest[],
  now: Date,
): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const s of settlements) {
    const row = byId.get(s.id);
    if (!row) continue;
    await recordAudit(
      trx,
      {
        actor: null,
        action: "group.create",
        outcome: s.outcome === "created" ? "succeeded" : "failed",
        phoneNumberId: row.phone_number_id,
        groupId: s.outcome === "created" ? s.groupId : null,
        groupSubject: s.outcome === "created" ? (s.subject ?? row.subject) : row.subject,
        requestId: row.request_id,
        errorCode: s.outcome === "failed" ? s.code : null,
        errorMessage: s.outcome === "failed" ? s.message : null,
        details: row.confirmed_late === 1 ? { confirmedLate: true } : null,
        settlesId: row.audit_id,
      },
      now,
    );
  }
}

/** created or failed; null when the request has already settled (a request never moves back). */
function settlementFor(row: CreationRequest, item: GroupCreate): Settlement | null {
  if (row.status === "created" || row.status === "failed" || row.status === "deleted" || row.status === "rejected") return null;
  if (hasErrors(item)) {
    return { id: row.id, outcome: "failed", code: item.errors[0]?.code ?? null, message: describeCreateFailure(item.errors) };
  }
  if (!item.group_id) return null;
  return {
    id: row.id,
    outcome: "created",
    groupId: item.group_id,
    inviteLink: item.invite_link ?? null,
    subject: item.subject ?? null,
  };
}

/** A sentence a community manager can read, e.g. "Meta could not create the group: Not eligible. Not an OBA." */
export function describeCreateFailure(errors: WebhookError[]): string {
  const first = errors[0];
  const parts: string[] = [];
  const title = sentence(first?.title) ?? sentence(first?.message);
  if (title) parts.push(title);
  const details = sentence(first?.error_data?.details);
  const message = sentence(first?.message);
  if (details && details !== title) parts.push(details);
  else if (!details && message && message !== title) parts.push(message);
  const text =
    parts.length > 0
      ? `Meta could not create the group: ${parts.map((p) => `${p}.`).join(" ")}`
      : "Meta could not create the group.";
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

function sentence(s: string | undefined): string | undefined {
  const t = s
    ?.replace(/\s+/g, " ")
    .trim()
    .replace(/[.\s]+$/, "");
  return t ? t : undefined;
}

function hasErrors<T extends { errors?: WebhookError[] }>(item: T): item is T & { errors: WebhookError[] } {
  return (item.errors?.length ?? 0) > 0;
}

function isCreate(u: ParsedUpdate): u is Extract<ParsedUpdate, { field: "group_lifecycle_update" }> & { item: GroupCreate } {
  return u.field === "group_lifecycle_update" && u.item.type === "group_create";
}

/** sha256 of the field, the business number and the item's canonical JSON: the same update always gets the same key. */
function dedupeKey(u: Pick<ParsedUpdate, "field" | "phoneNumberId" | "raw">): string {
  return createHash("sha256")
    .update(`${u.field}\n${u.phoneNumberId ?? ""}\n${canonicalJson(u.raw)}`)
    .digest("hex");
}

/** JSON with object keys sorted at every level, so key order in Meta's payload does not change the key. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function logProblems(deliveryId: number | undefined, problems: string[]) {
  if (problems.length === 0) return;
  logger.warn(
    { deliveryId, skipped: problems.length, problems: problems.slice(0, 5) },
    `Webhook delivery: skipped ${problems.length} part${problems.length === 1 ? "" : "s"} it could not read`,
  );
}
