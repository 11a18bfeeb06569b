"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { SignInAgainLink } from "@/components/ui/action-failure";
import { fetchJson } from "@/lib/http/fetch-json";
import { type LiveRequestsResponse, type RequestView, SignedOutError } from "@/lib/requests/live";
import { isOpenStatus } from "@/lib/requests/status";
import { RequestsTable } from "./requests-table";

/** Fetches the current state of some creation requests (route handler: session-checked, never cached). */
export async function fetchRequestUpdates(ids: number[]): Promise<RequestView[]> {
  return (await fetchJson<LiveRequestsResponse>(`/api/requests?ids=${ids.join(",")}`)).requests;
}

/** The requests table, updating itself while any request is still open: no reload needed. */
export function LiveRequests({ initialRows }: { initialRows: RequestView[] }) {
  const openIds = useMemo(() => initialRows.filter((r) => isOpenStatus(r.status)).map((r) => r.id), [initialRows]);
  const { data, isError, error } = useQuery({
    queryKey: ["requests", openIds],
    queryFn: () => fetchRequestUpdates(openIds),
    enabled: openIds.length > 0,
    refetchInterval: (query) => (query.state.data?.every((r) => !isOpenStatus(r.status)) ? false : 1500),
  });
  const byId = new Map((data ?? []).map((u) => [u.id, u]));
  const rows = initialRows.map((row) => byId.get(row.id) ?? row);
  return (
    <div className="space-y-2">
      {openIds.length > 0 && (
        <p className="text-xs text-slate-500" aria-live="polite">
          {error instanceof SignedOutError ? (
            <>
              Live updates stopped: you were signed out. <SignInAgainLink />, then reload this page.
            </>
          ) : isError ? (
            "Live updates paused: the dashboard could not be reached. Retrying…"
          ) : (
            "This page updates by itself while requests are pending."
          )}
        </p>
      )}
      <RequestsTable rows={rows} />
    </div>
  );
}
