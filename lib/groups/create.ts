import "server-only";
import type { Kysely } from "kysely";
import type { ActionResult } from "@/lib/actions/result";
import { claimCreation, getCreationRequestById, markSubmitFailed, markSubmitted } from "@/lib/db/creation-requests";
import type { CreationRequest, Database } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { type GraphClient, isGraphError } from "@/lib/graph";
import type { CreateGroupValues } from "@/lib/validation/create-group";
import { applyPendingUpdatesFor, matchUnconfirmedRequest } from "@/lib/webhooks/process";
import type { CreatedRequest } from "./create-outcome";

export interface CreateGroupDeps {
  db: Kysely<Database>;
  graph: Pick<GraphClient, "createGroup">;
  user: { id: string; email: string };
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
    await markSubmitFailed(db, claim.row.id, unsure ? "unconfirmed" : "rejected", {
      code: isGraphError(error) ? error.code : null,
      // Stored for the Requests page, read later: a rate limit's "try again in N seconds" would be stale there.
      message:
        problem.kind === "rate-limited"
          ? "Meta was limiting requests from this number when it was sent."
          : unsure
            ? `${problem.title}. Meta may or may not have made the group.`
            : `${problem.title}. ${problem.message}`,
    });
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
    await markSubmitted(db, claim.row.id, requestId);
  } catch (error) {
    // Meta accepted the create but it could not be recorded: keep what can be kept, and never call it rejected.
    console.error(
      `Create ${claim.row.id} (key ${input.idempotencyKey}): Meta answered request ID ${requestId} but recording it failed:`,
      error instanceof Error ? error.message : error,
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
  // The lifecycle webhook may have beaten this answer; never let that turn an accepted create into a failure.
  await applyPendingUpdatesFor(db, requestId).catch((e: unknown) =>
    console.error(`Applying early webhooks for ${requestId} failed:`, e instanceof Error ? e.message : e),
  );
  return {
    ok: true,
    data: { id: claim.row.id, requestId, subject: input.subject, phoneNumberId: input.phoneNumberId, answer: "sent" },
  };
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
