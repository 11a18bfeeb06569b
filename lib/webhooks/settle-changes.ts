import "server-only";
import type { Kysely } from "kysely";
import type { AuditAction } from "@/lib/audit/actions";
import { type AuditInput, recordAudit } from "@/lib/db/audit";
import { lockKeys } from "@/lib/db/dialect";
import { listOpenChanges, settleChange } from "@/lib/db/group-changes";
import type { Database, GroupChange, GroupChangeKind } from "@/lib/db/schema";
import type { ChangeDetails, ChangeItem } from "@/lib/groups/changes";
import type { ParsedUpdate, WebhookError, WebhookPerson } from "./parse";

/**
 * Settles the changes a manager submitted (lib/groups/*) from the webhooks that report their outcome. Meta's 200 to
 * a settings update, a removal or a delete carries no ID to follow, so a webhook is matched to the oldest change of
 * its group and kind still waiting that fits it (same subject or description text, same picture hash, overlapping
 * participants). Runs inside the delivery's transaction; a webhook that fits no change changes nothing here.
 */
export async function settleGroupChanges(db: Kysely<Database>, updates: ParsedUpdate[], now: Date): Promise<number> {
  const relevant = updates.flatMap((u) => {
    const kinds = kindsFor(u);
    return kinds.length > 0 ? [{ u, kinds }] : [];
  });
  if (relevant.length === 0) return 0;
  const groupIds = [...new Set(relevant.map(({ u }) => u.item.group_id).filter((g): g is string => typeof g === "string"))];
  // Meta's 200 for one of these changes may be being recorded right now: whoever locks the group first finishes first.
  await lockKeys(db, groupIds.map(changeLockKey));
  const open = await listOpenChanges(db, groupIds, [...new Set(relevant.flatMap(({ kinds }) => kinds))]);
  if (open.length === 0) return 0;
  let settled = 0;
  const taken = new Set<number>();
  for (const { u } of relevant) {
    const candidates = open.filter((c) => c.group_id === u.item.group_id && !taken.has(c.id));
    const match = settlementFor(u, candidates);
    if (!match) continue;
    taken.add(match.change.id);
    const requestId = typeof u.item.request_id === "string" ? u.item.request_id : null;
    await settleChange(db, match.change.id, { ...match.result, requestId }, now);
    // A change still `sending` has no activity entry yet: Meta's 200 writes both, in order (lib/groups/manage.ts).
    if (match.change.status === "submitted") {
      await recordAudit(
        db,
        settlementAudit({ ...match.change, ...settledRow(match.result, requestId) }, match.change.audit_id),
        now,
      );
    }
    settled += 1;
  }
  return settled;
}

/** The lock a group's submitted changes and their webhooks share (lib/groups/manage.ts takes it too). */
export function changeLockKey(groupId: string): string {
  return `group-changes:${groupId}`;
}

/** The change's row as settleChange leaves it. */
function settledRow(result: Result, requestId: string | null) {
  return {
    status: result.status,
    outcome: JSON.stringify(result.items),
    error_message: result.error,
    request_id: requestId,
  } as const;
}

/** The activity entry that reports Meta's outcome of a change, linked to the entry of the change itself. */
export function settlementAudit(change: GroupChange, settlesId: number | null): AuditInput {
  const items = change.outcome ? (JSON.parse(change.outcome) as ChangeItem[]) : [];
  return {
    actor: null,
    action: CHANGE_ACTIONS[change.kind],
    outcome: change.status === "applied" ? "succeeded" : change.status === "failed" ? "failed" : "partial",
    phoneNumberId: change.phone_number_id,
    groupId: change.group_id,
    requestId: change.request_id,
    errorMessage: change.error_message,
    details: { items },
    settlesId,
  };
}

/** The activity log's name for each kind of change. */
export const CHANGE_ACTIONS: Record<GroupChangeKind, AuditAction> = {
  settings: "group.settings.update",
  picture: "group.settings.update",
  "participants.remove": "group.participants.remove",
  delete: "group.delete",
};

function kindsFor(u: ParsedUpdate): GroupChangeKind[] {
  switch (u.field) {
    case "group_settings_update": {
      const kinds: GroupChangeKind[] = [];
      if (u.item.group_subject || u.item.group_description) kinds.push("settings");
      if (u.item.profile_picture) kinds.push("picture");
      return kinds;
    }
    case "group_participants_update":
      return u.item.type === "group_participants_remove" && u.item.initiated_by !== "participant" ? ["participants.remove"] : [];
    case "group_lifecycle_update":
      return u.item.type === "group_delete" ? ["delete"] : [];
    case "group_status_update":
      return [];
  }
}

type Result = { status: "applied" | "partly-applied" | "failed"; items: ChangeItem[]; error: string | null };

function settlementFor(u: ParsedUpdate, candidates: GroupChange[]): { change: GroupChange; result: Result } | null {
  const parsed = candidates.map((change) => ({ change, details: JSON.parse(change.details) as ChangeDetails }));
  switch (u.field) {
    case "group_settings_update": {
      const { group_subject: subject, group_description: description, profile_picture: picture } = u.item;
      const settings = parsed.find(
        ({ details }) =>
          details.kind === "settings" &&
          (subject?.text === undefined || details.subject === undefined || details.subject === subject.text) &&
          (description?.text === undefined || details.description === undefined || details.description === description.text),
      );
      const pictureChange = parsed.find(
        ({ details }) =>
          details.kind === "picture" &&
          (picture?.sha256 === undefined ||
            details.sha256 === picture.sha256 ||
            details.sha256Hex === picture.sha256.toLowerCase()),
      );
      const match = subject || description ? settings : pictureChange;
      if (!match) return null;
      const items: ChangeItem[] = [];
      if (subject) items.push(item("Subject", subject.update_successful, u.item.errors));
      if (description) items.push(item("Description", description.update_successful, u.item.errors));
      if (picture) items.push(item("Profile picture", picture.update_successful, u.item.errors));
      return { change: match.change, result: resultOf(items, u.item.errors) };
    }
    case "group_participants_update": {
      const removed = u.item.removed_participants ?? [];
      const failed = u.item.failed_participants ?? [];
      const mentioned = [...removed, ...failed];
      const match = parsed.find(
        ({ details }) =>
          details.kind === "participants.remove" &&
          (mentioned.length === 0 || details.participants.some((p) => mentioned.some((m) => samePerson(p, m)))),
      );
      if (!match || match.details.kind !== "participants.remove") return null;
      const items = match.details.participants.map((p): ChangeItem => {
        const fail = failed.find((f) => samePerson(p, f));
        if (fail) return { label: p, ok: false, reason: removalReason(fail.errors) };
        if (removed.some((r) => samePerson(p, r))) return { label: p, ok: true };
        return { label: p, ok: false, reason: "Meta did not report this person as removed." };
      });
      return { change: match.change, result: resultOf(items, u.item.errors) };
    }
    case "group_lifecycle_update": {
      const match = parsed.find(({ details }) => details.kind === "delete");
      if (!match) return null;
      const failed = (u.item.errors?.length ?? 0) > 0;
      const items: ChangeItem[] = [
        failed
          ? { label: "Delete", ok: false, reason: describeErrors(u.item.errors) ?? undefined }
          : { label: "Delete", ok: true },
      ];
      return { change: match.change, result: resultOf(items, u.item.errors) };
    }
    case "group_status_update":
      return null;
  }
}

function item(label: string, successful: boolean | undefined, errors: WebhookError[] | undefined): ChangeItem {
  // A change Meta reports without saying it failed, and without errors, went through.
  const ok = successful ?? (errors?.length ?? 0) === 0;
  return ok ? { label, ok } : { label, ok, reason: describeErrors(errors) ?? "Meta did not apply it." };
}

function resultOf(items: ChangeItem[], errors: WebhookError[] | undefined): Result {
  const good = items.filter((i) => i.ok).length;
  const status = good === items.length && items.length > 0 ? "applied" : good === 0 ? "failed" : "partly-applied";
  return {
    status,
    items,
    error: status === "applied" ? null : (describeErrors(errors) ?? items.find((i) => !i.ok)?.reason ?? null),
  };
}

/** Why a person could not be removed, in a few words ("not a participant"), else Meta's own sentence. */
function removalReason(errors: WebhookError[] | undefined): string {
  const code = errors?.[0]?.code;
  if (code === 131212) return "not a participant";
  if (code === 131207) return "the group is suspended";
  return describeErrors(errors) ?? "Meta could not remove this person.";
}

/** Meta's first error as a sentence: its title, then the details. */
function describeErrors(errors: WebhookError[] | undefined): string | null {
  const first = errors?.[0];
  if (!first) return null;
  const parts = [first.title ?? first.message, first.error_data?.details].filter((p): p is string => !!p?.trim());
  const text = [...new Set(parts.map((p) => p.trim().replace(/[.\s]+$/, "")))].join(". ");
  return text ? `${text}.` : null;
}

/** What the business sent (a phone number, a wa_id or a user_id) against how the webhook names the person. */
function samePerson(sent: string, person: WebhookPerson): boolean {
  const digits = (s: string) => s.replace(/\D/g, "");
  if (person.input !== undefined && (person.input === sent || digits(person.input) === digits(sent))) return true;
  if (person.user_id !== undefined && person.user_id === sent) return true;
  return person.wa_id !== undefined && digits(sent).length > 0 && digits(person.wa_id) === digits(sent);
}
