"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { SignInAgainLink } from "@/components/ui/action-failure";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/cn";
import { CHANGE_STATUS_LABELS, type GroupChangeView, isPendingChange } from "@/lib/groups/changes";
import { fetchJson } from "@/lib/http/fetch-json";
import { SignedOutError } from "@/lib/requests/live";
import { Icon } from "@/components/ui/icon";

interface Snapshot {
  changes: GroupChangeView[];
  lastEventId: number;
}

export const groupActivityKey = (groupId: string) => ["group-activity", groupId] as const;

/**
 * Follows the group while the page is open: changes waiting for Meta's webhook show as pending and turn into done
 * or failed (with Meta's reason) by themselves; when any webhook arrives for the group (a join, a join request, a
 * suspension, a settled change) the page reads Meta again, so nothing needs a reload.
 */
export function GroupLive({ groupId, initial }: { groupId: string; initial: Snapshot }) {
  const router = useRouter();
  const { data, error } = useQuery({
    queryKey: groupActivityKey(groupId),
    queryFn: () => fetchJson<Snapshot>(`/api/groups/${encodeURIComponent(groupId)}/changes`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.changes.some((c) => isPendingChange(c.status)) ? 1500 : 5000),
  });
  const seen = useRef(initial.lastEventId);
  useEffect(() => {
    if (data.lastEventId > seen.current) {
      seen.current = data.lastEventId;
      router.refresh();
    }
  }, [data.lastEventId, router]);

  const recent = data.changes.slice(0, 5);
  if (recent.length === 0 && !(error instanceof SignedOutError)) return null;
  return (
    <section aria-labelledby="changes-title" className="space-y-2">
      <h2 id="changes-title" className="text-sm font-semibold text-slate-700">
        Recent changes
      </h2>
      {error instanceof SignedOutError && (
        <p className="text-sm text-amber-800">
          You were signed out, so this page stopped updating: <SignInAgainLink />.
        </p>
      )}
      <ul className="space-y-2" aria-live="polite" data-testid="changes">
        {recent.map((change) => (
          <ChangeRow key={change.id} change={change} />
        ))}
      </ul>
    </section>
  );
}

function ChangeRow({ change }: { change: GroupChangeView }) {
  const pending = isPendingChange(change.status);
  const icon = pending ? "clock" : change.status === "applied" ? "check-circle" : "x-circle";
  return (
    <li
      data-testid="change"
      data-status={change.status}
      className={cn(
        "rounded-lg border p-3 text-sm",
        pending && "border-amber-200 bg-amber-50",
        change.status === "applied" && "border-emerald-200 bg-emerald-50",
        (change.status === "failed" || change.status === "partly-applied") && "border-red-200 bg-red-50",
      )}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Icon name={icon} className="size-4" />
        <span className="font-medium">{change.summary}</span>
        <span className="text-xs font-semibold uppercase tracking-wide">{CHANGE_STATUS_LABELS[change.status]}</span>
        <span className="text-xs text-slate-600">
          by {change.createdBy}, <LocalTime value={change.createdAt} />
        </span>
      </div>
      {pending && (
        <p className="mt-1 text-xs text-slate-700">
          Meta accepted it and reports the outcome in a moment; this updates by itself.
        </p>
      )}
      {!pending && change.items.some((i) => !i.ok) && (
        <ul className="mt-1 list-inside list-disc text-xs text-slate-800">
          {change.items.map((item) => (
            <li key={item.label}>
              {item.label}: {item.ok ? "done" : `failed: ${item.reason ?? "Meta did not say why."}`}
            </li>
          ))}
        </ul>
      )}
      {change.status === "failed" && change.error && !change.items.some((i) => !i.ok && i.reason) && (
        <p className="mt-1 text-xs text-slate-800">{change.error}</p>
      )}
    </li>
  );
}
