import "server-only";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { imageSize } from "image-size";
import type { ActionResult } from "@/lib/actions/result";
import { recordAudit, recordAuditAlone } from "@/lib/db/audit";
import { indexedSubject } from "@/lib/db/group-index";
import { discardChange, getChange, markChangeSubmitted, recordChange } from "@/lib/db/group-changes";
import type { Database } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { type GraphClient, type GraphErrorDetail, isGraphError } from "@/lib/graph";
import { lockKeys } from "@/lib/db/dialect";
import { CHANGE_ACTIONS, changeLockKey, settlementAudit } from "@/lib/webhooks/settle-changes";
import { pictureProblem, pictureProblemMessage } from "@/lib/validation/picture";
import type { ChangeDetails, JoinRequestsAnswer } from "./changes";

/**
 * What a manager does to a group after it exists. Each function takes its dependencies, calls Meta once (writes are
 * never retried) and answers an ActionResult: Meta's errors become sentences, and the caller's input is untouched so
 * the form keeps it. Calls whose outcome Meta reports later by webhook are recorded as changes, pending until then.
 */
export interface ManageDeps {
  db: Kysely<Database>;
  graph: Pick<
    GraphClient,
    | "getGroup"
    | "updateSettings"
    | "updatePicture"
    | "removeParticipants"
    | "deleteGroup"
    | "approveJoinRequests"
    | "rejectJoinRequests"
    | "resetInviteLink"
  >;
  user: { id: string; email: string; role: string };
}

export interface Submitted {
  changeId: number;
}

async function submit(
  deps: ManageDeps,
  target: { groupId: string; phoneNumberId?: string },
  details: ChangeDetails,
  call: () => Promise<void>,
): Promise<ActionResult<Submitted>> {
  const audit = {
    actor: { email: deps.user.email, role: deps.user.role },
    action: CHANGE_ACTIONS[details.kind],
    phoneNumberId: target.phoneNumberId ?? null,
    groupId: target.groupId,
    groupSubject: details.kind === "delete" ? details.subject : await indexedSubject(deps.db, target.groupId),
    details: auditDetails(details),
  };
  // Recorded before Meta is called: its webhook can arrive before its 200 does.
  const changeId = await recordChange(deps.db, {
    groupId: target.groupId,
    phoneNumberId: target.phoneNumberId ?? null,
    details,
    createdBy: deps.user.email,
  });
  try {
    await call();
  } catch (error) {
    const problem = toUserFacingError(error, "write");
    await discardChange(deps.db, changeId);
    await recordAuditAlone(deps.db, { ...audit, outcome: "failed", ...metaError(error, problem.message) });
    return { ok: false, ...problem };
  }
  await deps.db.transaction().execute(async (trx) => {
    await lockKeys(trx, [changeLockKey(target.groupId)]);
    const auditId = await recordAudit(trx, { ...audit, outcome: "submitted" });
    if (await markChangeSubmitted(trx, changeId, auditId)) return;
    // The webhook beat Meta's 200: its outcome is recorded now, after (and linked to) the entry it settles.
    const change = await getChange(trx, changeId);
    if (change && change.status !== "sending" && change.status !== "submitted") {
      await recordAudit(trx, settlementAudit(change, auditId));
    }
  });
  return { ok: true, data: { changeId } };
}

/** What the activity log keeps of a change: what was asked, without the picture's bytes. */
function auditDetails(details: ChangeDetails): Record<string, unknown> {
  switch (details.kind) {
    case "settings":
      return { subject: details.subject, description: details.description === undefined ? undefined : "changed" };
    case "picture":
      return { picture: { bytes: details.bytes, sha256: details.sha256 } };
    case "participants.remove":
      return { participants: details.participants };
    case "delete":
      return { subject: details.subject };
  }
}

/** Meta's code and message for the activity log (never shown raw to users; the log is for the team). */
function metaError(error: unknown, fallback: string): { errorCode: number | null; errorMessage: string } {
  return isGraphError(error)
    ? { errorCode: error.code, errorMessage: error.message }
    : { errorCode: null, errorMessage: fallback };
}

export function updateGroupSettings(
  deps: ManageDeps,
  input: { groupId: string; phoneNumberId?: string; subject?: string; description?: string },
): Promise<ActionResult<Submitted>> {
  const details: ChangeDetails = { kind: "settings" };
  if (input.subject !== undefined) details.subject = input.subject;
  if (input.description !== undefined) details.description = input.description;
  return submit(deps, input, details, () =>
    deps.graph.updateSettings(input.groupId, { subject: input.subject, description: input.description }),
  );
}

/**
 * A new profile picture, checked from the file's own bytes before Meta sees it (the browser checked too, but a
 * request can come from anywhere): a JPEG, at most 5 MB, square, at least 192 px.
 */
export function updateGroupPicture(
  deps: ManageDeps,
  input: { groupId: string; phoneNumberId?: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<ActionResult<Submitted>> {
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(input.bytes);
  } catch {
    size = {};
  }
  const facts = {
    type: size.type === "jpg" ? "image/jpeg" : (size.type ?? "unknown"),
    bytes: input.bytes.byteLength,
    width: size.width ?? 0,
    height: size.height ?? 0,
  };
  const problem = pictureProblem(facts);
  if (problem) {
    const message = pictureProblemMessage(problem, facts.width ? facts : undefined);
    return Promise.resolve({
      ok: false,
      kind: "invalid-input",
      title: "This picture cannot be used",
      message,
      fieldErrors: { picture: [message] },
    });
  }
  const digest = createHash("sha256").update(input.bytes).digest();
  const details: ChangeDetails = {
    kind: "picture",
    sha256: digest.toString("base64"),
    sha256Hex: digest.toString("hex"),
    bytes: input.bytes.byteLength,
  };
  return submit(deps, input, details, () => deps.graph.updatePicture(input.groupId, input.bytes));
}

export function removeGroupParticipants(
  deps: ManageDeps,
  input: { groupId: string; phoneNumberId?: string; participants: string[] },
): Promise<ActionResult<Submitted>> {
  const participants = [...new Set(input.participants)];
  return submit(deps, input, { kind: "participants.remove", participants }, () =>
    deps.graph.removeParticipants(input.groupId, participants),
  );
}

/**
 * Deletes the group, once the manager has typed its subject. The subject is read from Meta again here: the page a
 * request comes from may be stale, and a typed subject that does not match the group's refuses the delete.
 */
export async function deleteGroup(
  deps: ManageDeps,
  input: { groupId: string; phoneNumberId?: string; confirmSubject: string },
): Promise<ActionResult<Submitted>> {
  let subject: string;
  try {
    subject = (await deps.graph.getGroup(input.groupId, ["subject"])).subject ?? "";
  } catch (error) {
    return { ok: false, ...toUserFacingError(error, "read") };
  }
  if (input.confirmSubject.trim() !== subject.trim()) {
    const message = `Type the group's subject exactly as it is: ${subject}`;
    return {
      ok: false,
      kind: "invalid-input",
      title: "The subject does not match",
      message,
      fieldErrors: { confirmSubject: [message] },
    };
  }
  return submit(deps, input, { kind: "delete", subject }, () => deps.graph.deleteGroup(input.groupId));
}

/**
 * Approves or rejects join requests. Meta answers at once, and may answer that only some went through (131201,
 * HTTP 206): each one is reported, never "done" when some failed.
 */
export async function answerJoinRequests(
  deps: ManageDeps,
  input: { groupId: string; decision: "approve" | "reject"; joinRequestIds: string[] },
): Promise<ActionResult<JoinRequestsAnswer>> {
  const ids = [...new Set(input.joinRequestIds)];
  const audit = {
    actor: { email: deps.user.email, role: deps.user.role },
    action: input.decision === "approve" ? ("group.join_requests.approve" as const) : ("group.join_requests.reject" as const),
    groupId: input.groupId,
    groupSubject: await indexedSubject(deps.db, input.groupId),
  };
  try {
    const outcome =
      input.decision === "approve"
        ? await deps.graph.approveJoinRequests(input.groupId, ids)
        : await deps.graph.rejectJoinRequests(input.groupId, ids);
    const failed = outcome.failed.map((f) => ({ joinRequestId: f.joinRequestId, reason: describeDetails(f.errors) }));
    // An ID Meta mentions neither way is not counted as done.
    const unreported = ids.filter((id) => !outcome.succeeded.includes(id) && !failed.some((f) => f.joinRequestId === id));
    for (const id of unreported) failed.push({ joinRequestId: id, reason: "Meta did not report this request as answered." });
    const succeeded = outcome.succeeded.filter((id) => ids.includes(id));
    await recordAuditAlone(deps.db, {
      ...audit,
      outcome: failed.length === 0 ? "succeeded" : succeeded.length === 0 ? "failed" : "partial",
      details: { requested: ids.length, succeeded: succeeded.length, failed },
    });
    return { ok: true, data: { decision: input.decision, succeeded, failed } };
  } catch (error) {
    const problem = toUserFacingError(error, "write");
    await recordAuditAlone(deps.db, {
      ...audit,
      outcome: "failed",
      details: { requested: ids.length },
      ...metaError(error, problem.message),
    });
    return { ok: false, ...problem };
  }
}

function describeDetails(errors: GraphErrorDetail[]): string {
  const first = errors[0];
  if (!first) return "Meta did not say why.";
  if (first.code === 131213) return "The request no longer exists: withdrawn, or answered already.";
  if (first.code === 131204) return "The group is full (8 participants).";
  if (first.code === 131202) return "This person is already in the group.";
  const parts = [first.title ?? first.message, first.details].filter((p): p is string => !!p?.trim());
  return parts.length > 0 ? `${parts.map((p) => p.trim().replace(/[.\s]+$/, "")).join(". ")}.` : "Meta did not say why.";
}

/** A new invite link; every earlier one stops working. Meta answers at once. */
export async function resetInviteLink(
  deps: ManageDeps,
  input: { groupId: string },
): Promise<ActionResult<{ inviteLink: string }>> {
  const audit = {
    actor: { email: deps.user.email, role: deps.user.role },
    action: "group.invite_link.reset" as const,
    groupId: input.groupId,
    groupSubject: await indexedSubject(deps.db, input.groupId),
  };
  try {
    const inviteLink = await deps.graph.resetInviteLink(input.groupId);
    await recordAuditAlone(deps.db, { ...audit, outcome: "succeeded" });
    return { ok: true, data: { inviteLink } };
  } catch (error) {
    const problem = toUserFacingError(error, "write");
    await recordAuditAlone(deps.db, { ...audit, outcome: "failed", ...metaError(error, problem.message) });
    return { ok: false, ...problem };
  }
}
