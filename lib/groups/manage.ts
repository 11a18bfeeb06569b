import "server-only";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { imageSize } from "image-size";
import type { ActionResult } from "@/lib/actions/result";
import { recordChange } from "@/lib/db/group-changes";
import type { Database } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import type { GraphClient, GraphErrorDetail } from "@/lib/graph";
import { pictureProblem, pictureProblemMessage } from "@/lib/validation/group-admin";
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
  >;
  user: { id: string; email: string };
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
  try {
    await call();
  } catch (error) {
    return { ok: false, ...toUserFacingError(error, "write") };
  }
  const changeId = await recordChange(deps.db, {
    groupId: target.groupId,
    phoneNumberId: target.phoneNumberId ?? null,
    details,
    createdBy: deps.user.email,
  });
  return { ok: true, data: { changeId } };
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
  try {
    const outcome =
      input.decision === "approve"
        ? await deps.graph.approveJoinRequests(input.groupId, ids)
        : await deps.graph.rejectJoinRequests(input.groupId, ids);
    const failed = outcome.failed.map((f) => ({ joinRequestId: f.joinRequestId, reason: describeDetails(f.errors) }));
    // An ID Meta mentions neither way is not counted as done.
    const unreported = ids.filter((id) => !outcome.succeeded.includes(id) && !failed.some((f) => f.joinRequestId === id));
    for (const id of unreported) failed.push({ joinRequestId: id, reason: "Meta did not report this request as answered." });
    return {
      ok: true,
      data: { decision: input.decision, succeeded: outcome.succeeded.filter((id) => ids.includes(id)), failed },
    };
  } catch (error) {
    return { ok: false, ...toUserFacingError(error, "write") };
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
