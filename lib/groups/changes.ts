import type { GroupChangeKind, GroupChangeStatus } from "@/lib/db/schema";

/**
 * Changes Meta carries out asynchronously: a 200 means "submitted"; the webhook says what happened. Plain data and
 * functions: the group page's client components render these.
 */
export type ChangeDetails =
  | { kind: "settings"; subject?: string; description?: string }
  /** SHA-256 of the file in base64 and hex: Meta's webhook names the picture by it */
  | { kind: "picture"; sha256: string; sha256Hex: string; bytes: number }
  | { kind: "participants.remove"; participants: string[] }
  | { kind: "delete"; subject: string };

/** One thing a change asked for, and what Meta said about it. */
export interface ChangeItem {
  label: string;
  ok: boolean;
  reason?: string;
}

export interface GroupChangeView {
  id: number;
  kind: GroupChangeKind;
  status: GroupChangeStatus;
  /** "Subject to “Book Club Lisbon”", "Remove 2 participants", … */
  summary: string;
  createdBy: string;
  createdAt: string;
  settledAt: string | null;
  items: ChangeItem[];
  error: string | null;
}

export function summarize(details: ChangeDetails): string {
  switch (details.kind) {
    case "settings": {
      const parts: string[] = [];
      if (details.subject !== undefined) parts.push(`subject to “${details.subject}”`);
      if (details.description !== undefined) parts.push(details.description ? "the description" : "an empty description");
      return `Change ${parts.join(" and ")}`;
    }
    case "picture":
      return "New profile picture";
    case "participants.remove":
      return `Remove ${details.participants.length === 1 ? details.participants[0] : `${details.participants.length} participants`}`;
    case "delete":
      return `Delete the group “${details.subject}”`;
  }
}

/** What Meta answered to approving or rejecting join requests: at once, and possibly for only some of them. */
export interface JoinRequestsAnswer {
  decision: "approve" | "reject";
  succeeded: string[];
  failed: { joinRequestId: string; reason: string }[];
}

export const CHANGE_STATUS_LABELS: Record<GroupChangeStatus, string> = {
  sending: "Sending to Meta",
  submitted: "Waiting for Meta",
  applied: "Done",
  "partly-applied": "Partly done",
  failed: "Failed",
};

/** Still waiting for Meta: the page keeps following it. */
export function isPendingChange(status: GroupChangeStatus): boolean {
  return status === "sending" || status === "submitted";
}
