import type { CreationRequest } from "@/lib/db/schema";
import type { JoinApprovalMode } from "@/lib/groups/join-approval";
import type { RequestStatus } from "./status";

/**
 * A creation request as the UI shows it: the Requests page renders these on the server and GET /api/requests answers
 * the same shape while the browser follows them. Plain data: safe in client components.
 */
export interface RequestView {
  id: number;
  requestId: string | null;
  /** the business number's label (its ID when it has none, or is no longer configured) */
  number: string;
  subject: string;
  joinApprovalMode: JoinApprovalMode;
  status: RequestStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** why it failed or is unconfirmed, in plain words */
  error: string | null;
  groupId: string | null;
  inviteLink: string | null;
  /** still pending longer than REQUEST_PENDING_WARN_AFTER_SECONDS: the lifecycle webhook may not be arriving */
  stale: boolean;
  /** the create call went unanswered and Meta's webhook was matched to it afterwards */
  confirmedLate: boolean;
}

export interface LiveRequestsResponse {
  requests: RequestView[];
}

export const MAX_LIVE_IDS = 100;

/** The status route answered 401: the session ended (signed out elsewhere, expired, revoked). */
export class SignedOutError extends Error {
  constructor() {
    super("signed out");
  }
}

/** `ids=3,5,8` → [3,5,8]; undefined when absent or empty; null when malformed or more than MAX_LIVE_IDS. */
export function parseIdsParam(raw: string | null): number[] | undefined | null {
  if (raw === null || raw.trim() === "") return undefined;
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length > MAX_LIVE_IDS) return null;
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,15}$/.test(part)) return null;
    const id = Number(part);
    if (id < 1) return null;
    ids.push(id);
  }
  return [...new Set(ids)];
}

/** Still waiting for its lifecycle webhook longer than `warnAfterSeconds` (REQUEST_PENDING_WARN_AFTER_SECONDS). */
function isStalePending(
  row: Pick<CreationRequest, "status" | "updated_at">,
  warnAfterSeconds: number,
  now = new Date(),
): boolean {
  const since = Date.parse(row.updated_at);
  return row.status === "pending" && Number.isFinite(since) && now.getTime() - since > warnAfterSeconds * 1000;
}

export function toRequestView(
  row: CreationRequest,
  opts: { now: Date; warnAfterSeconds: number; numberLabels: ReadonlyMap<string, string> },
): RequestView {
  return {
    id: row.id,
    requestId: row.request_id,
    number: opts.numberLabels.get(row.phone_number_id) ?? row.phone_number_id,
    subject: row.subject,
    joinApprovalMode: row.join_approval_mode,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    error: row.error_message,
    groupId: row.group_id,
    inviteLink: row.invite_link,
    stale: isStalePending(row, opts.warnAfterSeconds, opts.now),
    confirmedLate: row.confirmed_late === 1,
  };
}
