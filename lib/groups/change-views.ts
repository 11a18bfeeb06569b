import "server-only";
import type { Kysely } from "kysely";
import { listChanges } from "@/lib/db/group-changes";
import type { Database, GroupChange } from "@/lib/db/schema";
import { type ChangeDetails, type ChangeItem, type GroupChangeView, summarize } from "./changes";

export function toChangeView(row: GroupChange): GroupChangeView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    summary: summarize(JSON.parse(row.details) as ChangeDetails),
    createdBy: row.created_by,
    createdAt: row.created_at,
    settledAt: row.settled_at,
    items: row.outcome ? (JSON.parse(row.outcome) as ChangeItem[]) : [],
    error: row.error_message,
  };
}

/**
 * What the group page follows while it is open: the group's recent changes, and the id of the newest webhook update
 * stored for the group (a join, a join request, a suspension…): when it moves, the page reads Meta again.
 */
export async function groupActivitySnapshot(
  db: Kysely<Database>,
  groupId: string,
): Promise<{ changes: GroupChangeView[]; lastEventId: number }> {
  const [changes, last] = await Promise.all([
    listChanges(db, groupId, 10),
    db
      .selectFrom("webhook_updates")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("group_id", "=", groupId)
      .executeTakeFirst(),
  ]);
  return { changes: changes.map(toChangeView), lastEventId: Number(last?.id ?? 0) };
}
