import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

/**
 * What the webhooks have said about each group, one row per group. Writes are multi-row upserts that commute
 * (coalesce, a final `deleted`, newest-time-wins), so a delivery's events can be written kind by kind, repeated,
 * and arrive out of order. Cheap enough for a 1000-update delivery.
 */

const CHUNK = 300;

interface GroupRef {
  groupId: string;
  phoneNumberId: string | null;
}
export type GroupCreatedEvent = GroupRef & { subject: string | null; inviteLink: string | null; eventAt: number | null };
export type GroupSuspensionEvent = GroupRef & { suspended: boolean; eventAt: number | null };
export type GroupSubjectEvent = GroupRef & { subject: string; eventAt: number | null };

/**
 * The groups exist: their first subject and invite link. Values already recorded by later events are kept (a
 * creation is the earliest thing that happens to a group).
 */
export async function recordGroupsCreated(db: Kysely<Database>, events: GroupCreatedEvent[], now = new Date()): Promise<void> {
  const merged = new Map<string, GroupCreatedEvent>();
  for (const e of events) {
    const prev = merged.get(e.groupId);
    merged.set(
      e.groupId,
      prev
        ? {
            ...prev,
            phoneNumberId: prev.phoneNumberId ?? e.phoneNumberId,
            subject: prev.subject ?? e.subject,
            inviteLink: prev.inviteLink ?? e.inviteLink,
            eventAt: prev.eventAt ?? e.eventAt,
          }
        : e,
    );
  }
  const updatedAt = now.toISOString();
  for (const chunk of chunks([...merged.values()])) {
    await db
      .insertInto("groups_state")
      .values(
        chunk.map((e) => ({
          ...blankRow(e, updatedAt),
          subject: e.subject,
          invite_link: e.inviteLink,
          subject_event_at: e.subject === null ? null : e.eventAt,
        })),
      )
      .onConflict((oc) =>
        oc.column("group_id").doUpdateSet((eb) => ({
          phone_number_id: eb.fn.coalesce("groups_state.phone_number_id", "excluded.phone_number_id"),
          subject: eb.fn.coalesce("groups_state.subject", "excluded.subject"),
          subject_event_at: eb.fn.coalesce("groups_state.subject_event_at", "excluded.subject_event_at"),
          invite_link: eb.fn.coalesce("groups_state.invite_link", "excluded.invite_link"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
}

/** Deleted is final: nothing sets it back. */
export async function recordGroupsDeleted(db: Kysely<Database>, events: GroupRef[], now = new Date()): Promise<void> {
  const merged = new Map<string, GroupRef>();
  for (const e of events) {
    const prev = merged.get(e.groupId);
    merged.set(e.groupId, { groupId: e.groupId, phoneNumberId: prev?.phoneNumberId ?? e.phoneNumberId });
  }
  const updatedAt = now.toISOString();
  for (const chunk of chunks([...merged.values()])) {
    await db
      .insertInto("groups_state")
      .values(chunk.map((e) => ({ ...blankRow(e, updatedAt), deleted: 1 as const })))
      .onConflict((oc) =>
        oc.column("group_id").doUpdateSet((eb) => ({
          deleted: 1,
          phone_number_id: eb.fn.coalesce("groups_state.phone_number_id", "excluded.phone_number_id"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
}

/** Suspended or cleared, unless a newer suspend/clear is already recorded (Meta retries for days). */
export async function recordGroupSuspensions(
  db: Kysely<Database>,
  events: GroupSuspensionEvent[],
  now = new Date(),
): Promise<void> {
  await upsertNewest(db, "suspended", events, (e) => (e.suspended ? 1 : 0), now);
}

/** Successful subject changes, unless a newer one is already recorded. */
export async function recordGroupSubjects(db: Kysely<Database>, events: GroupSubjectEvent[], now = new Date()): Promise<void> {
  await upsertNewest(db, "subject", events, (e) => e.subject, now);
}

/** The columns whose latest value wins, each with the time of the event that set it. */
const VERSIONED = { suspended: "suspended_event_at", subject: "subject_event_at" } as const;

/**
 * Writes one column of each event's group, keeping a newer value already recorded: the row's own event time
 * decides (a row or an event without a time always takes the write, as applying them in order would).
 */
async function upsertNewest<E extends GroupRef & { eventAt: number | null }, C extends keyof typeof VERSIONED>(
  db: Kysely<Database>,
  column: C,
  events: E[],
  value: (event: E) => string | number | null,
  now: Date,
): Promise<void> {
  const eventColumn = VERSIONED[column];
  const updatedAt = now.toISOString();
  for (const chunk of chunks(latestPerGroup(events))) {
    await db
      .insertInto("groups_state")
      .values(chunk.map((e) => ({ ...blankRow(e, updatedAt), [column]: value(e), [eventColumn]: e.eventAt })))
      .onConflict((oc) =>
        oc
          .column("group_id")
          .doUpdateSet((eb) => ({
            [column]: eb.ref(`excluded.${column}`),
            [eventColumn]: eb.ref(`excluded.${eventColumn}`),
            phone_number_id: eb.fn.coalesce("groups_state.phone_number_id", "excluded.phone_number_id"),
            updated_at: eb.ref("excluded.updated_at"),
          }))
          .where(() => {
            const recorded = sql.ref(`groups_state.${eventColumn}`);
            const incoming = sql.ref(`excluded.${eventColumn}`);
            return sql<boolean>`${recorded} is null or ${incoming} is null or ${recorded} <= ${incoming}`;
          }),
      )
      .execute();
  }
}

/**
 * One event per group, the one that applying them in order would leave in place: a later event wins unless both
 * have a time and the later one's is older. (PostgreSQL refuses an upsert that touches one row twice.)
 */
function latestPerGroup<T extends { groupId: string; eventAt: number | null }>(events: T[]): T[] {
  const latest = new Map<string, T>();
  for (const e of events) {
    const prev = latest.get(e.groupId);
    if (!prev || prev.eventAt === null || e.eventAt === null || prev.eventAt <= e.eventAt) latest.set(e.groupId, e);
  }
  return [...latest.values()];
}

/** A row that says nothing yet about a group: each write sets only what its event tells. */
function blankRow(ref: GroupRef, updatedAt: string) {
  return {
    group_id: ref.groupId,
    phone_number_id: ref.phoneNumberId,
    subject: null as string | null,
    invite_link: null as string | null,
    suspended: 0 as 0 | 1,
    deleted: 0 as 0 | 1,
    suspended_event_at: null as number | null,
    subject_event_at: null as number | null,
    updated_at: updatedAt,
  };
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function getGroupState(db: Kysely<Database>, groupId: string) {
  return db.selectFrom("groups_state").selectAll().where("group_id", "=", groupId).executeTakeFirst();
}

/** Group IDs of one business number that the webhooks reported suspended (and not since cleared) or deleted. */
export async function getGroupFlags(
  db: Kysely<Database>,
  phoneNumberId: string,
): Promise<{ suspended: string[]; deleted: string[] }> {
  const rows = await db
    .selectFrom("groups_state")
    .select(["group_id", "suspended", "deleted"])
    .where("phone_number_id", "=", phoneNumberId)
    .where((eb) => eb.or([eb("suspended", "=", 1), eb("deleted", "=", 1)]))
    .orderBy("group_id")
    .execute();
  return {
    suspended: rows.filter((r) => r.suspended === 1 && r.deleted !== 1).map((r) => r.group_id),
    deleted: rows.filter((r) => r.deleted === 1).map((r) => r.group_id),
  };
}
