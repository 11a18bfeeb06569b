import "server-only";
import type { Kysely } from "kysely";
import type { ActionResult } from "@/lib/actions/result";
import { type AuditInput, recordAudit } from "@/lib/db/audit";
import {
  claimCreation,
  getCreationRequestById,
  markSubmitFailed,
  markSubmitted,
  setCreationAuditId,
} from "@/lib/db/creation-requests";
import type { CreationRequest, Database } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { type GraphClient, isGraphError } from "@/lib/graph";
import { logger } from "@/lib/log";
import type { CreateGroupValues } from "@/lib/validation/create-group";
import { lockKeys } from "@/lib/db/dialect";
import { applyPendingIn, creationLockKey, matchUnconfirmedRequest } from "@/lib/webhooks/process";
import type { CreatedRequest } from "./create-outcome";

export interface CreateGroupDeps {
  db: Kysely<Database>;
  graph: Pick<GraphClient, "createGroup">;
  user: { id: string; email: string; role: string };
  /** the business numbers this dashboard serves */
  numbers: ReadonlyArray<{ id: string }>;
}

/**
 * Creates a group, at most once per idempotency key:
 *
 * 1. the key is claimed in the database before Meta is called; a key already claimed is answered from its first
 *    attempt (a double click, a resubmit after a lost answer), never sent again;
 * 2. Meta's request ID is recorded, and a lifecycle webhook that beat the answer is applied;
 * 3. a call Meta may have carried out without the dashboard hearing so (timeout, dropped connection, Meta's own 5xx,
 *    or an answer the database failed to record) is `unconfirmed`, never `rejected`: the form keeps its key, so a
 *    resubmit asks about this same request instead of making a second group, and a group_create webhook arriving
 *    later is matched to it by number and subject (lib/webhooks/process.ts).
 */
export async function createGroupRequest(deps: CreateGroupDeps, input: CreateGroupValues): Promise<ActionResult<CreatedRequest>> {
  const { db, graph, user } = deps;
  if (!deps.numbers.some((n) => n.id === input.phoneNumberId)) {
    return {
      ok: false,
      kind: "invalid-input",
      title: "Unknown number",
      message: "Pick one of this dashboard's business numbers.",
      fieldErrors: { phoneNumberId: ["Pick one of this dashboard's business numbers."] },
    };
  }
  const claim = await claimCreation(db, {
    ...input,
    createdBy: user.email,
    createdByUserId: Number(user.id),
  });
  if (!claim.claimed) return answerFromEarlierAttempt(db, claim.row, user);

  let requestId: string;
  try {
    ({ requestId } = await graph.createGroup(input.phoneNumberId, {
      subject: input.subject,
      description: input.description,
      joinApprovalMode: input.joinApprovalMode,
    }));
  } catch (error) {
    const problem = toUserFacingError(error, "create");
    // No answer (timeout, dropped connection, Meta's own 5xx) means Meta may have made the group anyway.
    const unsure = isGraphError(error) && (error.kind === "timeout" || error.kind === "network" || error.kind === "upstream");
    const failure = {
      code: isGraphError(error) ? error.code : null,
      // Stored for the Requests page, read later: a rate limit's "try again in N seconds" would be stale there.
      message:
        problem.kind === "rate-limited"
          ? "Meta was limiting requests from this number when it was sent."
          : unsure
            ? `${problem.title}. Meta may or may not have made the group.`
            : `${problem.title}. ${problem.message}`,
    };
    // Unsure is still "submitted": its group_create webhook may settle it later.
    await withAuditEntry(
      db,
      claim.row.id,
      (trx) => markSubmitFailed(trx, claim.row.id, unsure ? "unconfirmed" : "rejected", failure),
      {
        ...auditOf(deps, input),
        outcome: unsure ? "submitted" : "failed",
        errorCode: failure.code,
        errorMessage: failure.message,
        details: unsure ? { answer: "none: Meta may or may not have made the group" } : null,
      },
    );
    if (!unsure) return { ok: false, ...problem };
    // Its webhook may already be here (it can beat a slow answer).
    const row = await getCreationRequestById(db, claim.row.id);
    if (row && (await matchUnconfirmedRequest(db, row))) return answerFromEarlierAttempt(db, row, user);
    return {
      ok: false,
      kind: "unconfirmed",
      title: problem.title,
      message:
        "Meta may still make the group. Wait a minute and check Requests: if Meta reports it, it appears there. " +
        "Submitting this form again asks about this same request; it does not send a second one.",
    };
  }

  try {
    // Recorded, logged, and any webhook that beat this answer applied, as one step under the request's lock, so a
    // webhook processed at the same moment (here or on another instance) is applied by one side or the other.
    await db.transaction().execute(async (trx) => {
      await lockKeys(trx, [creationLockKey(requestId)]);
      await markSubmitted(trx, claim.row.id, requestId);
      const auditId = await recordAudit(trx, { ...auditOf(deps, input), outcome: "submitted", requestId });
      if (auditId !== null) await setCreationAuditId(trx, claim.row.id, auditId);
      await applyPendingIn(trx, requestId, new Date());
    });
  } catch (error) {
    // Meta accepted the create but it could not be recorded: keep what can be kept, and never call it rejected.
    logger.error(
      { err: error instanceof Error ? error.message : String(error), creationRequest: claim.row.id, requestId, by: user.email },
      "Meta accepted a group creation but recording its answer failed",
    );
    await markSubmitFailed(
      db,
      claim.row.id,
      "unconfirmed",
      { code: null, message: "Meta accepted the request but the dashboard could not record its answer." },
      requestId,
    ).catch(() => undefined);
    return {
      ok: false,
      kind: "unconfirmed",
      title: "Meta accepted the group, but the dashboard could not record it",
      message: `Meta's request ID is ${requestId}. Keep it. Submitting this form again shows this same request; it does not make a second group.`,
    };
  }
  return {
    ok: true,
    data: { id: claim.row.id, requestId, subject: input.subject, phoneNumberId: input.phoneNumberId, answer: "sent" },
  };
}

function auditOf(deps: CreateGroupDeps, input: CreateGroupValues) {
  return {
    actor: { email: deps.user.email, role: deps.user.role },
    action: "group.create" as const,
    phoneNumberId: input.phoneNumberId,
    groupSubject: input.subject,
    details: { joinApprovalMode: input.joinApprovalMode },
  };
}

/** The request's own bookkeeping and its activity entry in one transaction; the row remembers the entry. */
async function withAuditEntry(
  db: Kysely<Database>,
  rowId: number,
  write: (trx: Kysely<Database>) => Promise<unknown>,
  audit: AuditInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await write(trx);
    const auditId = await recordAudit(trx, audit);
    if (auditId !== null) await setCreationAuditId(trx, rowId, auditId);
  });
}

async function answerFromEarlierAttempt(
  db: Kysely<Database>,
  claimed: CreationRequest,
  user: { id: string; email: string },
): Promise<ActionResult<CreatedRequest>> {
  const owner =
    claimed.created_by_user_id === null ? claimed.created_by === user.email : String(claimed.created_by_user_id) === user.id;
  if (!owner) {
    return { ok: false, kind: "invalid-input", title: "The form is out of date", message: "Reload the page and submit again." };
  }
  const row = (await getCreationRequestById(db, claimed.id)) ?? claimed;
  if (row.request_id) {
    return {
      ok: true,
      data: {
        id: row.id,
        requestId: row.request_id,
        subject: row.subject,
        phoneNumberId: row.phone_number_id,
        answer: row.confirmed_late === 1 ? "confirmed-late" : "earlier-attempt",
      },
    };
  }
  switch (row.status) {
    case "submitting":
      return {
        ok: false,
        kind: "in-progress",
        title: "Already sending",
        message: "This group is already being sent to Meta. Wait for the answer; it appears on the Requests page.",
      };
    case "unconfirmed":
      return {
        ok: false,
        kind: "still-unconfirmed",
        title: "Still no word from Meta about your first attempt",
        message: `Meta has not reported whether it made “${row.subject}”, and no second request was sent. If Meta reports it, it appears on the Requests page. If you are sure it was not made, send it as a new request.`,
      };
    // Meta refused it; the others always carry a request ID and were answered above.
    case "rejected":
    case "pending":
    case "created":
    case "failed":
    case "deleted":
      return {
        ok: false,
        kind: "earlier-failure",
        title: "This submission already failed",
        message: row.error_message ?? "Submit the form again to make a new attempt.",
      };
  }
}
