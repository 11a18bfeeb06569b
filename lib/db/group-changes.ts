import "server-only";
import type { Kysely } from "kysely";
import type { ChangeDetails, ChangeItem } from "@/lib/groups/changes";
import type { Database, GroupChange, GroupChangeKind, GroupChangeStatus } from "./schema";

/**
 * Records a change before Meta is called (`sending`): a webhook can arrive before Meta's 200 does, and must find it.
 * `markChangeSubmitted` follows Meta's 200; a refused call removes the row (nothing was asked of Meta).
 */
export async function recordChange(
  db: Kysely<Database>,
  input: { groupId: string; phoneNumberId: string | null; details: ChangeDetails; createdBy: string },
  now = new Date(),
): Promise<number> {
  const row = await db
    .insertInto("group_changes")
    .values({
      group_id: input.groupId,
      phone_number_id: input.phoneNumberId,
      kind: input.details.kind,
      status: "sending",
      details: JSON.stringify(input.details),
      outcome: null,
      error_message: null,
      request_id: null,
      audit_id: null,
      created_by: input.createdBy,
      created_at: now.toISOString(),
      settled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A group's changes, newest first. */
export async function listChanges(db: Kysely<Database>, groupId: string, limit = 20): Promise<GroupChange[]> {
  return db.selectFrom("group_changes").selectAll().where("group_id", "=", groupId).orderBy("id", "desc").limit(limit).execute();
}

/** Changes of these groups still waiting for their webhook, oldest first (the order Meta answers them in). */
export async function listOpenChanges(
  db: Kysely<Database>,
  groupIds: string[],
  kinds: GroupChangeKind[],
): Promise<GroupChange[]> {
  if (groupIds.length === 0 || kinds.length === 0) return [];
  const rows: GroupChange[] = [];
  for (let i = 0; i < groupIds.length; i += 400) {
    rows.push(
      ...(await db
        .selectFrom("group_changes")
        .selectAll()
        .where("group_id", "in", groupIds.slice(i, i + 400))
        .where("kind", "in", kinds)
        .where("status", "in", ["sending", "submitted"])
        .orderBy("id")
        .execute()),
    );
  }
  return rows;
}

export async function settleChange(
  db: Kysely<Database>,
  id: number,
  settlement: {
    status: Exclude<GroupChangeStatus, "sending" | "submitted">;
    items: ChangeItem[];
    error: string | null;
    requestId: string | null;
  },
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("group_changes")
    .set({
      status: settlement.status,
      outcome: JSON.stringify(settlement.items),
      error_message: settlement.error,
      request_id: settlement.requestId,
      settled_at: now.toISOString(),
    })
    .where("id", "=", id)
    .where("status", "in", ["sending", "submitted"])
    .execute();
}

/** Meta answered 200. False when its webhook got here first and the change is already settled. */
export async function markChangeSubmitted(db: Kysely<Database>, id: number, auditId: number | null): Promise<boolean> {
  const result = await db
    .updateTable("group_changes")
    .set({ status: "submitted", audit_id: auditId })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return true;
  await db.updateTable("group_changes").set({ audit_id: auditId }).where("id", "=", id).execute();
  return false;
}

export async function getChange(db: Kysely<Database>, id: number): Promise<GroupChange | undefined> {
  return db.selectFrom("group_changes").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Meta refused the call: nothing was asked of it, so there is no change to follow. */
export async function discardChange(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("group_changes").where("id", "=", id).where("status", "=", "sending").execute();
}
