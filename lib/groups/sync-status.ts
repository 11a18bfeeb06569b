import type { GroupSync } from "@/lib/db/schema";

/** A number's index as the groups page shows it ("Synced 3 min ago · Sync now", progress while it runs). */
export interface SyncStatus {
  /** a full walk has completed once: the page reads the index */
  ready: boolean;
  running: boolean;
  pages: number;
  groupsSeen: number;
  /** the walk is waiting out Meta's rate limit until then */
  waitingUntil: string | null;
  lastSuccessAt: string | null;
  /** when the current walk, or the last one, began */
  startedAt: string | null;
  lastTotal: number | null;
  /** why the last walk failed and where it stopped (shown until a walk succeeds) */
  lastError: string | null;
}

export function toSyncStatus(row: GroupSync | undefined, now = new Date()): SyncStatus {
  const running = row?.state === "running" && !!row.lease_until && Date.parse(row.lease_until) > now.getTime();
  return {
    ready: !!row?.last_success_at,
    running,
    pages: row?.pages ?? 0,
    groupsSeen: row?.groups_seen ?? 0,
    waitingUntil: running ? (row?.waiting_until ?? null) : null,
    lastSuccessAt: row?.last_success_at ?? null,
    startedAt: row?.started_at ?? null,
    lastTotal: row?.last_total ?? null,
    lastError: row?.state === "failed" ? row.last_error : null,
  };
}
