import { CopyableId } from "@/components/ui/copyable-id";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/cn";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { type ActivityView, describeActivity } from "@/lib/audit/sentences";

const OUTCOME_TONES = {
  submitted: "bg-amber-100 text-amber-900",
  succeeded: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  partial: "bg-orange-100 text-orange-900",
} as const;

/** Entries, newest first, each as a sentence with when, what kind, and its IDs to copy. */
export function ActivityList({ entries }: { entries: ActivityView[] }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-surface" data-testid="activity">
      {entries.map((e) => (
        <li
          key={e.id}
          data-testid="activity-entry"
          data-action={e.action}
          data-outcome={e.outcome}
          className="space-y-1.5 px-4 py-3 text-sm"
        >
          <p className="font-medium text-slate-900">{describeActivity(e)}</p>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <LocalTime value={e.at} />
            <span>{AUDIT_ACTIONS[e.action]}</span>
            <span className={cn("rounded-full px-2 py-0.5 font-semibold", OUTCOME_TONES[e.outcome])}>{e.outcome}</span>
            {e.errorCode !== null && <span>Meta code {e.errorCode}</span>}
          </p>
          {(e.groupId || e.requestId) && (
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
              {e.groupId && <CopyableId value={e.groupId} label={`Copy group ID (entry ${e.id})`} />}
              {e.requestId && <CopyableId value={e.requestId} label={`Copy request ID (entry ${e.id})`} />}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
