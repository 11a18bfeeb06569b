import "server-only";
import { logger } from "@/lib/log";
import { type GraphErrorKind, isGraphError } from "@/lib/graph";

/**
 * What the browser may see of a failure: a stable kind to branch on and sentences a community manager understands.
 * Details (Meta's codes, fbtrace_id) go to the server log only.
 */
export interface UserFacingError {
  kind: GraphErrorKind | "internal";
  title: string;
  message: string;
  retryAfterSeconds?: number;
}

export function toUserFacingError(error: unknown, context: "read" | "create" | "write" = "read"): UserFacingError {
  if (!isGraphError(error)) {
    logger.error({ err: error }, "Unexpected error");
    return {
      kind: "internal",
      title: "Something went wrong",
      message: "The dashboard hit an unexpected error. Try again; if it persists, tell an admin.",
    };
  }
  logger.warn(
    {
      graphError: {
        kind: error.kind,
        method: error.method,
        path: error.path,
        status: error.status,
        code: error.code,
        subcode: error.subcode,
        fbtraceId: error.fbtraceId,
      },
    },
    `Graph call failed: ${error.message}`,
  );
  const unsure = context !== "read" ? " Meta may still have received it: check Requests before trying again." : "";
  // No default: a new GraphErrorKind fails the typecheck here until it has its own sentence.
  switch (error.kind) {
    case "auth":
      return {
        kind: "auth",
        title: "Meta rejected the dashboard's access token",
        message:
          "The WhatsApp access token has expired or is no longer valid. An admin must renew it (WHATSAPP_ACCESS_TOKEN) before anyone can continue.",
      };
    case "permission":
      return {
        kind: "permission",
        title: "The access token lacks a permission",
        message:
          "Meta says the dashboard's token may not do this for this number. An admin must grant whatsapp_business_management and whatsapp_business_messaging to the system user.",
      };
    case "rate-limited": {
      const wait = error.retryAfterSeconds;
      return {
        kind: "rate-limited",
        title: "Meta is limiting requests",
        message: `Too many calls were made for this number in a short time. Try again ${wait ? `in ${formatWait(wait)}` : "in a minute"}.`,
        ...(wait ? { retryAfterSeconds: wait } : {}),
      };
    }
    case "invalid-cursor":
      return {
        kind: "invalid-cursor",
        title: "This page link has expired",
        message: "Meta's page links expire after a while. Showing the first page again.",
      };
    case "validation":
      return {
        kind: "validation",
        title: "Meta refused the input",
        message: error.userMessage ?? (error.message ? `Meta says: ${error.message}` : "Check the values and try again."),
      };
    case "not-eligible":
      return {
        kind: "not-eligible",
        title: error.code === 131214 ? "Group creation is paused for this number" : "This number cannot use groups",
        message:
          error.code === 131214
            ? "Meta has temporarily disabled group creation for this number. Try again later."
            : "Groups need an Official Business Account whose number is not shared with the WhatsApp Business app. Ask an admin to check the number's status in WhatsApp Manager.",
      };
    case "limit-reached":
      return {
        kind: "limit-reached",
        title: "Group limit reached",
        message:
          "This number already has Meta's maximum of 10,000 groups. Delete groups you no longer need before creating new ones.",
      };
    case "not-found":
      return {
        kind: "not-found",
        title: "Group not found",
        message: "The group no longer exists, or this number is no longer in it.",
      };
    case "suspended":
      return {
        kind: "suspended",
        title: "Group suspended",
        message:
          "Meta has suspended this group, usually after reports from its members; it cannot be changed until Meta clears the suspension.",
      };
    case "not-participant":
      return {
        kind: "not-participant",
        title: "Not in the group",
        message:
          "Meta says this person is not a participant of the group (they may have left already). Reload to see who is in it.",
      };
    case "already-participant":
      return {
        kind: "already-participant",
        title: "Already in the group",
        message: "This person is already a participant of the group.",
      };
    case "participant-limit":
      return {
        kind: "participant-limit",
        title: "The group is full",
        message: "A group can have at most 8 participants besides your business. Remove someone before approving more.",
      };
    case "join-request-gone":
      return {
        kind: "join-request-gone",
        title: "Join request no longer there",
        message: "The person withdrew the request, or it was answered already. Reload to see the open requests.",
      };
    case "picture-rejected":
      return {
        kind: "picture-rejected",
        title: "Meta refused the picture",
        message:
          error.code === 131209
            ? "The picture must be square (the same width and height). Crop it and upload it again."
            : "The picture must be at least 192 × 192 pixels. Upload a larger one.",
      };
    case "needs-members":
      return {
        kind: "needs-members",
        title: "The group needs members first",
        message: "Meta needs more than one member in the group for this. Invite people through the invite link first.",
      };
    case "timeout":
      return {
        kind: "timeout",
        title: "Meta did not answer in time",
        message: `Meta's API took too long to answer.${unsure || " Try again."}`,
      };
    case "network":
      return {
        kind: "network",
        title: "Meta could not be reached",
        message: `The dashboard could not connect to Meta's API.${unsure || " Try again."}`,
      };
    case "upstream":
      return {
        kind: "upstream",
        title: "Meta is unavailable",
        message: `Meta's API answered with an error of its own.${unsure || " Try again in a few minutes."}`,
      };
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
