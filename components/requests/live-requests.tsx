"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { LiveRequest, LiveRequestsResponse } from "@/lib/requests/live";
import { type RequestRow, RequestsTable } from "./requests-table";

/** Statuses that can still change. */
export const OPEN_STATUSES = new Set(["submitting", "pending"]);

/** Fetches the current state of some creation requests (route handler: session-checked, never cached). */
export async function fetchRequestUpdates(ids: number[]): Promise<LiveRequest[]> {
  const response = await fetch(`/api/requests?ids=${ids.join(",")}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`status ${response.status}`);
  const body = (await response.json()) as LiveRequestsResponse;
  return body.requests;
}

function mergeUpdate(row: RequestRow, update: LiveRequest | undefined): RequestRow {
  if (!update) return row;
  const { status, groupId, inviteLink, subject, stale, errorMessage } = update;
  return { ...row, status, groupId, inviteLink, subject, stale, error: errorMessage };
}

/** The requests table, updating itself while any request is still open: no reload needed. */
export function LiveRequests({ initialRows }: { initialRows: RequestRow[] }) {
  const openIds = useMemo(() => initialRows.filter((r) => OPEN_STATUSES.has(r.status)).map((r) => r.id), [initialRows]);
  const { data, isError } = useQuery({
    queryKey: ["requests", openIds],
    queryFn: () => fetchRequestUpdates(openIds),
    enabled: openIds.length > 0,
    refetchInterval: (query) => (query.state.data && query.state.data.every((r) => !OPEN_STATUSES.has(r.status)) ? false : 1500),
  });
  const byId = new Map((data ?? []).map((u) => [u.id, u]));
  const rows = initialRows.map((row) => mergeUpdate(row, byId.get(row.id)));
  return (
    <div className="space-y-2">
      {openIds.length > 0 && (
        <p className="text-xs text-slate-500" aria-live="polite">
          {isError
            ? "Live updates paused: the dashboard could not be reached. Retrying…"
            : "This page updates by itself while requests are pending."}
        </p>
      )}
      <RequestsTable rows={rows} />
    </div>
  );
}
