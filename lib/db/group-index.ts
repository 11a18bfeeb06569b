import "server-only";
import { type Kysely, sql } from "kysely";
import { parseGraphDate } from "@/lib/dates";
import type { SortDirection, SortField } from "@/lib/url-state/groups";
import { searchKey } from "@/lib/validation/text";
import type { Database, IndexedGroup, IntBool } from "./schema";

/** Rows per multi-row statement: 7 values each, well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

export interface ListedGroup {
  id: string;
  subject: string;
  createdAt: string;
}

/** Groups a sync run just read from Meta's list: added or refreshed, and marked seen by that run. */
export async function recordSeenGroups(
  db: Kysely<Database>,
  phoneNumberId: string,
  groups: ListedGroup[],
  runId: string,
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < groups.length; i += CHUNK) {
    await db
      .insertInto("group_index")
      .values(
        groups.slice(i, i + CHUNK).map((g) => ({
          group_id: g.id,
          phone_number_id: phoneNumberId,
          subject: g.subject,
          subject_key: searchKey(g.subject),
          created_raw: g.createdAt,
          created_at: parseGraphDate(g.createdAt)?.toISOString() ?? null,
          suspended: 0 as const,
          last_seen_at: at,
          seen_by_sync: runId,
        })),
      )
      .onConflict((oc) =>
        oc.column("group_id").doUpdateSet((eb) => ({
          phone_number_id: eb.ref("excluded.phone_number_id"),
          subject: eb.ref("excluded.subject"),
          subject_key: eb.ref("excluded.subject_key"),
          created_raw: eb.ref("excluded.created_raw"),
          created_at: eb.ref("excluded.created_at"),
          last_seen_at: eb.ref("excluded.last_seen_at"),
          seen_by_sync: eb.ref("excluded.seen_by_sync"),
        })),
      )
      .execute();
  }
}

/**
 * After a complete walk: the number's groups that walk did not see are gone from Meta's list, unless a webhook
 * reported them after the walk began (a group made meanwhile is newest, on a page the walk had already read).
 * Returns how many were removed.
 */
export async function removeUnseenGroups(
  db: Kysely<Database>,
  phoneNumberId: string,
  runId: string,
  walkStartedAt: Date,
): Promise<number> {
  const result = await db
    .deleteFrom("group_index")
    .where("phone_number_id", "=", phoneNumberId)
    .where((eb) => eb.or([eb("seen_by_sync", "is", null), eb("seen_by_sync", "!=", runId)]))
    .where("last_seen_at", "<", walkStartedAt.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countIndexed(db: Kysely<Database>, phoneNumberId: string): Promise<number> {
  const row = await db
    .selectFrom("group_index")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("phone_number_id", "=", phoneNumberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface IndexQuery {
  phoneNumberId: string;
  /** subject contains this, ignoring case and accents */
  q?: string;
  sort: SortField;
  dir: SortDirection;
}

function filtered(db: Kysely<Database>, query: IndexQuery) {
  let select = db.selectFrom("group_index").where("phone_number_id", "=", query.phoneNumberId);
  const key = query.q ? searchKey(query.q) : "";
  if (key) {
    const pattern = `%${key.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where(sql<boolean>`subject_key like ${pattern} escape '\\'`);
  }
  return select;
}

function orderedRows(db: Kysely<Database>, query: IndexQuery) {
  const rows = filtered(db, query).selectAll();
  // Dates Meta did not send as dates sort last either way; the group ID breaks ties so pages never overlap. NULLS LAST
  // (both engines) rather than a CASE expression, which no index can serve: SQLite sorted all 10,000 rows of a
  // number on every page, 8 ms of a blocked event loop per request.
  return query.sort === "subject"
    ? rows.orderBy("subject_key", query.dir).orderBy("group_id", query.dir)
    : rows.orderBy("created_at", (ob) => (query.dir === "asc" ? ob.asc() : ob.desc()).nullsLast()).orderBy("group_id", query.dir);
}

/** One page of the number's groups as searched and sorted, with the total that matches. */
export async function searchIndex(
  db: Kysely<Database>,
  query: IndexQuery & { limit: number; offset: number },
): Promise<{ rows: IndexedGroup[]; total: number }> {
  const [rows, count] = await Promise.all([
    orderedRows(db, query).limit(query.limit).offset(query.offset).execute(),
    filtered(db, query)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Every group that matches, in order, a batch at a time (for the CSV export: never all of them in memory). */
export async function* streamIndex(db: Kysely<Database>, query: IndexQuery, batch = 1000): AsyncGenerator<IndexedGroup[]> {
  for (let offset = 0; ; offset += batch) {
    const rows = await orderedRows(db, query).limit(batch).offset(offset).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
  }
}

/** What webhooks say between syncs: a group made, renamed, suspended or cleared, deleted. */
export async function indexGroupsCreated(
  db: Kysely<Database>,
  groups: { groupId: string; phoneNumberId: string | null; subject: string | null; eventAt: number | null }[],
  now = new Date(),
): Promise<void> {
  const rows = groups.filter(
    (g): g is typeof g & { phoneNumberId: string; subject: string } => !!g.phoneNumberId && g.subject !== null,
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto("group_index")
      .values(
        rows.slice(i, i + CHUNK).map((g) => {
          const created = g.eventAt === null ? null : new Date(g.eventAt * 1000);
          return {
            group_id: g.groupId,
            phone_number_id: g.phoneNumberId,
            subject: g.subject,
            subject_key: searchKey(g.subject),
            created_raw: created?.toISOString() ?? "",
            created_at: created?.toISOString() ?? null,
            suspended: 0 as const,
            last_seen_at: now.toISOString(),
            seen_by_sync: null,
          };
        }),
      )
      .onConflict((oc) => oc.column("group_id").doNothing())
      .execute();
  }
}

export async function indexGroupsRenamed(db: Kysely<Database>, groups: { groupId: string; subject: string }[]): Promise<void> {
  for (const g of groups) {
    await db
      .updateTable("group_index")
      .set({ subject: g.subject, subject_key: searchKey(g.subject) })
      .where("group_id", "=", g.groupId)
      .execute();
  }
}

/**
 * Copies the suspension the webhooks recorded (groups_state, where the newest suspend or clear wins even when Meta's
 * retries arrive out of order) onto the indexed groups.
 */
export async function indexGroupsSuspended(db: Kysely<Database>, groupIds: string[]): Promise<void> {
  const unique = [...new Set(groupIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    await db
      .updateTable("group_index")
      .set({
        suspended: sql<IntBool>`coalesce((select suspended from groups_state where groups_state.group_id = group_index.group_id), 0)`,
      })
      .where("group_id", "in", unique.slice(i, i + CHUNK))
      .execute();
  }
}

export async function indexGroupsDeleted(db: Kysely<Database>, groupIds: string[]): Promise<void> {
  for (let i = 0; i < groupIds.length; i += CHUNK) {
    await db
      .deleteFrom("group_index")
      .where("group_id", "in", groupIds.slice(i, i + CHUNK))
      .execute();
  }
}

/** The subject the index knows for a group (for the activity log), or null. */
export async function indexedSubject(db: Kysely<Database>, groupId: string): Promise<string | null> {
  const row = await db.selectFrom("group_index").select("subject").where("group_id", "=", groupId).executeTakeFirst();
  return row?.subject ?? null;
}
