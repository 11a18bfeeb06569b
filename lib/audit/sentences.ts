import type { AuditAction, AuditOutcome } from "./actions";

/** An activity entry as the UI shows it (plain data: the /activity page and a group's page render these). */
export interface ActivityView {
  id: number;
  at: string;
  actor: { email: string; role: string } | null;
  action: AuditAction;
  outcome: AuditOutcome;
  number: string | null;
  groupId: string | null;
  groupSubject: string | null;
  requestId: string | null;
  targetUser: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  details: Record<string, unknown> | null;
  settlesId: number | null;
  clientIp: string | null;
  /** for a change Meta settles later: the entry that reported its outcome, once there is one */
  settlement: { outcome: AuditOutcome; errorMessage: string | null; details: Record<string, unknown> | null } | null;
}

interface Item {
  label: string;
  ok: boolean;
  reason?: string;
}

/**
 * The entry as one sentence a person reads: "Ana (manager) removed 2 participants from Book Club Lisbon: Meta
 * confirmed 1, refused 1: not a participant."
 */
export function describeActivity(e: ActivityView): string {
  const who = e.actor ? `${e.actor.email} (${e.actor.role})` : "Meta";
  const group = e.groupSubject ? `“${e.groupSubject}”` : e.groupId ? `group ${short(e.groupId)}` : "a group";
  const on = e.number ? ` on ${e.number}` : "";
  const reason = e.errorMessage ? `: ${trimDot(e.errorMessage)}` : "";
  const fromMeta = e.actor === null;

  switch (e.action) {
    case "group.create":
      if (fromMeta)
        return e.outcome === "succeeded" ? `Meta created ${group}${on}.` : `Meta could not create ${group}${on}${reason}.`;
      if (e.outcome === "failed") return `${who} tried to create ${group}${on}; Meta refused it${reason}.`;
      return `${who} asked Meta to create ${group}${on}${settled(e, "created it")}.`;
    case "group.invite_link.reset":
      return e.outcome === "succeeded"
        ? `${who} reset the invite link of ${group}: earlier links stopped working.`
        : `${who} tried to reset the invite link of ${group}; Meta refused${reason}.`;
    case "group.join_requests.approve":
    case "group.join_requests.reject": {
      const verb = e.action === "group.join_requests.approve" ? "approved" : "rejected";
      const requested = num(e.details?.requested);
      const done = num(e.details?.succeeded);
      const failed = Array.isArray(e.details?.failed) ? (e.details.failed as { reason?: string }[]) : [];
      if (e.outcome === "failed" && failed.length === 0)
        return `${who} tried to answer ${plural(requested, "join request")} for ${group}; Meta refused${reason}.`;
      const refused = failed.length ? `, ${failed.length} failed: ${trimDot(failed[0]?.reason ?? "no reason given")}` : "";
      return `${who} ${verb} ${plural(done, "join request")} of ${requested} for ${group}${refused}.`;
    }
    case "group.participants.remove": {
      const people = Array.isArray(e.details?.participants) ? e.details.participants.length : 0;
      if (fromMeta) return `Meta reported the removal from ${group}: ${itemsSummary(e.details)}.`;
      if (e.outcome === "failed")
        return `${who} tried to remove ${plural(people, "participant")} from ${group}; Meta refused${reason}.`;
      return `${who} removed ${plural(people, "participant")} from ${group}${settled(e, "removed them")}.`;
    }
    case "group.settings.update": {
      const subject = typeof e.details?.subject === "string" ? e.details.subject : null;
      const what = e.details?.picture ? "the profile picture" : subject ? `the subject to “${subject}”` : "the description";
      if (fromMeta) return `Meta reported the settings change of ${group}: ${itemsSummary(e.details)}.`;
      if (e.outcome === "failed") return `${who} tried to change ${what} of ${group}; Meta refused${reason}.`;
      return `${who} changed ${what} of ${group}${settled(e, "applied it")}.`;
    }
    case "group.delete":
      if (fromMeta) return e.outcome === "succeeded" ? `Meta deleted ${group}.` : `Meta could not delete ${group}${reason}.`;
      if (e.outcome === "failed") return `${who} tried to delete ${group}; Meta refused${reason}.`;
      return `${who} deleted ${group}${settled(e, "deleted it")}.`;
    case "user.add":
      return `${who} added ${e.targetUser ?? "a user"} as ${role(e.details) ?? "a user"}.`;
    case "user.role.change": {
      const change = e.details?.role as { from?: string; to?: string } | undefined;
      if (e.outcome === "failed") return `${who} tried to change a role; refused${reason}.`;
      return `${who} changed ${e.targetUser ?? "a user"} from ${change?.from ?? "?"} to ${change?.to ?? "?"}.`;
    }
    case "user.remove":
      if (e.outcome === "failed") return `${who} tried to remove a user; refused${reason}.`;
      return `${who} removed ${e.targetUser ?? "a user"} (${role(e.details) ?? "user"}).`;
    case "user.password.change": {
      if (e.outcome === "failed")
        return `${who} tried to change ${e.targetUser ?? "a user"}'s password and role; refused${reason}.`;
      const change = e.details?.role as { from?: string; to?: string } | undefined;
      return `${who} set a new password for ${e.targetUser ?? "a user"}${change ? ` and changed their role from ${change.from} to ${change.to}` : ""}.`;
    }
    case "auth.sign_in":
      return e.outcome === "succeeded"
        ? `${who} signed in${e.clientIp ? ` from ${e.clientIp}` : ""}.`
        : `A sign-in as ${e.targetUser ?? "someone"} failed${e.clientIp ? ` from ${e.clientIp}` : ""}.`;
    case "auth.lockout":
      return `A sign-in as ${e.targetUser ?? "someone"}${e.clientIp ? ` from ${e.clientIp}` : ""} was refused: too many failed attempts.`;
  }
}

/** What Meta said about a submitted change, once its webhook arrived. */
function settled(e: ActivityView, verb: string): string {
  const s = e.settlement;
  if (e.outcome !== "submitted") return "";
  if (!s) return ": waiting for Meta to confirm";
  if (s.outcome === "succeeded") return `: Meta ${verb}`;
  if (s.outcome === "partial") return `: ${itemsSummary(s.details)}`;
  return `: Meta refused${s.errorMessage ? `: ${trimDot(s.errorMessage)}` : ""}`;
}

function itemsSummary(details: Record<string, unknown> | null | undefined): string {
  const items = Array.isArray(details?.items) ? (details.items as Item[]) : [];
  const ok = items.filter((i) => i.ok).length;
  const refused = items.filter((i) => !i.ok);
  if (refused.length === 0) return `Meta confirmed ${ok}`;
  return `Meta confirmed ${ok}, refused ${refused.length}: ${trimDot(refused[0]?.reason ?? "no reason given").toLowerCase()}`;
}

function role(details: Record<string, unknown> | null): string | null {
  return typeof details?.role === "string" ? details.role : null;
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function trimDot(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}

function short(id: string): string {
  return id.length > 16 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id;
}
