import type { CreationRequest } from "@/lib/db/schema";

/**
 * What GET /api/requests answers for each creation request. Plain data: the type is safe to import in client
 * components that poll the route.
 */
export interface LiveRequest {
  id: number;
  requestId: string | null;
  status: CreationRequest["status"];
  groupId: string | null;
  inviteLink: string | null;
  subject: string;
  errorMessage: string | null;
  createdAt: string;
  updatedAt: string;
  /** still pending longer than REQUEST_PENDING_WARN_AFTER_SECONDS: the lifecycle webhook may not be arriving */
  stale: boolean;
}

export interface LiveRequestsResponse {
  requests: LiveRequest[];
}

export const MAX_LIVE_IDS = 100;

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
export function isStalePending(
  row: Pick<CreationRequest, "status" | "updated_at">,
  warnAfterSeconds: number,
  now = new Date(),
): boolean {
  const since = Date.parse(row.updated_at);
  return row.status === "pending" && Number.isFinite(since) && now.getTime() - since > warnAfterSeconds * 1000;
}

export function toLiveRequest(row: CreationRequest, now: Date, warnAfterSeconds: number): LiveRequest {
  const stale = isStalePending(row, warnAfterSeconds, now);
  return {
    id: row.id,
    requestId: row.request_id,
    status: row.status,
    groupId: row.group_id,
    inviteLink: row.invite_link,
    subject: row.subject,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stale,
  };
}
