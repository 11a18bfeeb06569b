import "server-only";
import type { Kysely } from "kysely";
import type { AuditEntry, Database } from "@/lib/db/schema";
import { getBusinessNumbers } from "@/lib/numbers";
import type { ActivityView } from "./sentences";

/**
 * Entries as the UI shows them: number labels, the group's subject where the entry did not record one (the index
 * knows it), and, for a change Meta settles later, the entry that settled it.
 */
export async function activityViews(db: Kysely<Database>, rows: AuditEntry[]): Promise<ActivityView[]> {
  const labels = new Map(getBusinessNumbers().map((n) => [n.id, n.label]));
  const unnamed = [...new Set(rows.filter((r) => r.group_id && !r.group_subject).map((r) => r.group_id!))];
  const settled = [...new Set(rows.filter((r) => r.settles_id !== null && !r.group_subject).map((r) => r.settles_id!))];
  const submitted = rows.filter((r) => r.outcome === "submitted").map((r) => r.id);
  // A subject the entry did not record: the one the change it settles recorded, else the index's (a deleted group is
  // no longer in the index, but its delete recorded the subject).
  const [indexed, fromChanges, settlements] = await Promise.all([
    unnamed.length
      ? db.selectFrom("group_index").select(["group_id", "subject"]).where("group_id", "in", unnamed).execute()
      : Promise.resolve([]),
    settled.length
      ? db.selectFrom("audit_log").select(["id", "group_subject"]).where("id", "in", settled).execute()
      : Promise.resolve([]),
    submitted.length
      ? db.selectFrom("audit_log").selectAll().where("settles_id", "in", submitted).orderBy("id").execute()
      : Promise.resolve([]),
  ]);
  const subjectOf = new Map(indexed.map((s) => [s.group_id, s.subject]));
  const changeSubject = new Map(fromChanges.map((s) => [s.id, s.group_subject]));
  const settlementOf = new Map(settlements.map((s) => [s.settles_id, s]));
  return rows.map((r) => {
    const s = settlementOf.get(r.id);
    return {
      id: r.id,
      at: r.at,
      actor: r.actor_email ? { email: r.actor_email, role: r.actor_role ?? "?" } : null,
      action: r.action,
      outcome: r.outcome,
      number: r.phone_number_id ? (labels.get(r.phone_number_id) ?? r.phone_number_id) : null,
      groupId: r.group_id,
      groupSubject:
        r.group_subject ??
        (r.settles_id !== null ? changeSubject.get(r.settles_id) : null) ??
        (r.group_id ? (subjectOf.get(r.group_id) ?? null) : null),
      requestId: r.request_id,
      targetUser: r.target_user,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      details: parse(r.details),
      settlesId: r.settles_id,
      clientIp: r.client_ip,
      settlement: s ? { outcome: s.outcome, errorMessage: s.error_message, details: parse(s.details) } : null,
    };
  });
}

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
}
