"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { callAction } from "@/lib/actions/call";
import { syncNowAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import type { SyncStatus as Status } from "@/lib/groups/sync-status";
import { fetchJson } from "@/lib/http/fetch-json";
import { Icon } from "@/components/ui/icon";

/**
 * "Synced 3 min ago · Sync now", and the walk's progress (pages, groups seen, a rate limit being waited out) while one
 * runs. When a walk ends the page reads the index again.
 */
export function SyncStatus({ number, initial, canSync }: { number: string; initial: Status; canSync: boolean }) {
  const router = useRouter();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  /** when Sync now was pressed: until a walk that began after it shows up, the button waits */
  const [askedAt, setAskedAt] = useState<string | null>(null);
  const { data } = useQuery({
    queryKey: ["group-sync", number],
    queryFn: () => fetchJson<Status>(`/api/groups/sync?number=${number}`),
    initialData: initial,
    // Every second while a walk runs or the index is still to be built (its first walk may be starting right now).
    refetchInterval: (query) => (query.state.data?.running || !query.state.data?.ready || askedAt ? 1000 : 30_000),
  });
  const asked = askedAt !== null && !(data.startedAt && data.startedAt >= askedAt);
  // When a walk ends (or the first one has built the index) the page reads the index again.
  const wasRunning = useRef(initial.running);
  const wasReady = useRef(initial.ready);
  useEffect(() => {
    if (data.running) {
      wasRunning.current = true;
      return;
    }
    if (wasRunning.current || (data.ready && !wasReady.current)) {
      wasRunning.current = false;
      wasReady.current = data.ready;
      router.refresh();
    }
  }, [data.running, data.ready, router]);

  async function syncNow() {
    setFailure(null);
    const result = await callAction(() => syncNowAction({ phoneNumberId: number }));
    if (!result.ok) return setFailure(result);
    setAskedAt(new Date().toISOString());
  }

  return (
    <div className="space-y-2 text-sm text-slate-600" data-testid="sync-status">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1" aria-live="polite">
        {data.running ? (
          <>
            <Icon name="loader" className="size-4 animate-spin" />
            {data.waitingUntil
              ? `Syncing: Meta asked to wait, going on at ${new Date(data.waitingUntil).toLocaleTimeString()}`
              : `Syncing with Meta: page ${data.pages + 1}, ${data.groupsSeen.toLocaleString()} groups so far`}
          </>
        ) : data.lastSuccessAt ? (
          <span>
            Synced <Ago iso={data.lastSuccessAt} />
          </span>
        ) : (
          <span>Not synced yet</span>
        )}
        {canSync && !data.running && (
          <>
            <span aria-hidden>·</span>
            <Button variant="ghost" className="min-h-11 px-2 py-1 sm:min-h-0" onClick={() => void syncNow()} disabled={asked}>
              <Icon name="refresh" className="size-3.5" /> {asked ? "Starting…" : "Sync now"}
            </Button>
          </>
        )}
      </p>
      {data.lastError && !data.running && <p className="text-amber-800">The last sync failed: {data.lastError}</p>}
      {failure && <ActionFailureAlert failure={failure} />}
    </div>
  );
}

const subscribe = (tick: () => void) => {
  const timer = setInterval(tick, 30_000);
  return () => clearInterval(timer);
};

/** "3 min ago", kept current; the server renders the time itself (it does not know the viewer's clock). */
function Ago({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => relative(Date.now() - Date.parse(iso)),
    () => `at ${iso.slice(11, 16)} UTC`,
  );
  return <time dateTime={iso}>{text}</time>;
}

function relative(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
