"use server";

import { protectedAction } from "@/lib/actions/protected-action";
import { claimCreation, markSubmitFailed, markSubmitted } from "@/lib/db/creation-requests";
import { getDb } from "@/lib/db";
import type { CreationRequest } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { getGraphClient, isGraphError } from "@/lib/graph";
import { resolveNumber } from "@/lib/numbers";
import { createGroupSchema } from "@/lib/validation/create-group";
import { applyPendingUpdatesFor } from "@/lib/webhooks/process";
import type { ActionResult } from "@/lib/actions/result";

export interface CreatedRequest {
  /** the row in creation_requests, for following its status */
  id: number;
  requestId: string;
  subject: string;
  phoneNumberId: string;
}

/**
 * Creates a group. Managers and admins only (checked here, not just in the UI). The same idempotency key never
 * reaches Meta twice: a double click or a resubmit after a dropped connection gets the first answer back.
 */
export const createGroupAction = protectedAction(
  "manager",
  createGroupSchema,
  async (input, user): Promise<ActionResult<CreatedRequest>> => {
    if (resolveNumber(input.phoneNumberId)?.id !== input.phoneNumberId) {
      return {
        ok: false,
        kind: "invalid-input",
        title: "Unknown number",
        message: "Pick one of this dashboard's business numbers.",
        fieldErrors: { phoneNumberId: ["Pick one of this dashboard's business numbers."] },
      };
    }
    const db = await getDb();
    const claim = await claimCreation(db, { ...input, createdBy: user.email });
    if (!claim.claimed) return answerFromEarlierAttempt(claim.row, user.email);

    try {
      const { requestId } = await getGraphClient().createGroup(input.phoneNumberId, {
        subject: input.subject,
        description: input.description,
        joinApprovalMode: input.joinApprovalMode,
      });
      await markSubmitted(db, claim.row.id, requestId);
      // The lifecycle webhook may have beaten this answer; never let that turn an accepted create into a failure.
      await applyPendingUpdatesFor(db, requestId).catch((e) =>
        console.error(`Applying early webhooks for ${requestId} failed:`, e instanceof Error ? e.message : e),
      );
      return { ok: true, data: { id: claim.row.id, requestId, subject: input.subject, phoneNumberId: input.phoneNumberId } };
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
            : `${problem.title}. ${problem.message}`,
      });
      return { ok: false, ...problem };
    }
  },
  "create",
);

function answerFromEarlierAttempt(row: CreationRequest, email: string): ActionResult<CreatedRequest> {
  if (row.created_by !== email) {
    return { ok: false, kind: "invalid-input", title: "The form is out of date", message: "Reload the page and submit again." };
  }
  if (row.request_id) {
    return {
      ok: true,
      data: { id: row.id, requestId: row.request_id, subject: row.subject, phoneNumberId: row.phone_number_id },
    };
  }
  if (row.status === "submitting") {
    return {
      ok: false,
      kind: "in-progress",
      title: "Already sending",
      message: "This group is already being sent to Meta. Wait for the answer; it appears on the Requests page.",
    };
  }
  return {
    ok: false,
    kind: "earlier-failure",
    title: "This submission already failed",
    message: row.error_message ?? "Submit the form again to make a new attempt.",
  };
}

export type CreateGroupActionResult = Awaited<ReturnType<typeof createGroupAction>>;
