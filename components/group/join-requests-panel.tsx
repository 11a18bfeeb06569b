"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { callAction } from "@/lib/actions/call";
import { answerJoinRequestsAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import type { JoinRequestsAnswer } from "@/lib/groups/changes";
import { useAfterChange } from "./use-after-change";
import { Icon } from "@/components/ui/icon";

interface JoinRequestRow {
  id: string;
  label: string;
  createdAt: string;
}

/**
 * People who opened the invite link of an approval_required group. Managers approve or reject one, several or every
 * request on the page; Meta may carry out only some (131201): each one's outcome is listed, never "done" for all.
 */
export function JoinRequestsPanel({
  groupId,
  canManage,
  requests,
  previousHref,
  nextHref,
}: {
  groupId: string;
  canManage: boolean;
  requests: JoinRequestRow[];
  previousHref: string | null;
  nextHref: string | null;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [answer, setAnswer] = useState<{ answer: JoinRequestsAnswer; labels: Map<string, string> } | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [pending, startTransition] = useTransition();
  const afterChange = useAfterChange(groupId);
  // Before React owns the list, a box would tick natively and be forgotten, and a button would do nothing.
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  function decide(decision: "approve" | "reject", ids: string[]) {
    // Who they were, kept for the outcome: the list is read again (without them) once Meta answered.
    const labels = new Map(requests.map((r) => [r.id, r.label]));
    setFailure(null);
    setAnswer(null);
    startTransition(async () => {
      const result = await callAction(() => answerJoinRequestsAction({ groupId, decision, joinRequestIds: ids }));
      if (!result.ok) return setFailure(result);
      setAnswer({ answer: result.data, labels });
      setSelected((current) => current.filter((id) => !result.data.succeeded.includes(id)));
      afterChange();
    });
  }

  const allOnPage = requests.length > 0 && selected.length === requests.length;
  return (
    <div className="space-y-3">
      <div aria-live="polite">{answer && <AnswerSummary answer={answer.answer} labels={answer.labels} />}</div>
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      {requests.length === 0 ? (
        <p className="text-sm text-slate-600">No open join requests{previousHref ? " on this page" : ""}.</p>
      ) : (
        <>
          {canManage && (
            <div className="flex flex-wrap items-center gap-3">
              <label className="flex min-h-11 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-5 accent-emerald-700"
                  checked={allOnPage}
                  disabled={busy}
                  onChange={(e) => setSelected(e.target.checked ? requests.map((r) => r.id) : [])}
                />
                Select all on this page
              </label>
              <Button disabled={selected.length === 0 || busy} onClick={() => decide("approve", selected)}>
                Approve selected{selected.length ? ` (${selected.length})` : ""}
              </Button>
              <Button variant="secondary" disabled={selected.length === 0 || busy} onClick={() => decide("reject", selected)}>
                Reject selected
              </Button>
            </div>
          )}
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="join-requests">
            {requests.map((r) => (
              <li key={r.id} data-testid="join-request" className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
                {canManage && (
                  <input
                    type="checkbox"
                    id={`jr-${r.id}`}
                    className="size-5 accent-emerald-700"
                    checked={selected.includes(r.id)}
                    disabled={busy}
                    onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((id) => id !== r.id)))}
                  />
                )}
                <label htmlFor={`jr-${r.id}`} className="flex min-h-11 min-w-0 flex-1 items-center break-all font-mono">
                  {r.label}
                </label>
                <span className="text-xs text-slate-600">
                  <LocalTime value={r.createdAt} />
                </span>
                {canManage && (
                  <span className="flex gap-2">
                    <Button
                      className="min-h-11"
                      disabled={busy}
                      onClick={() => decide("approve", [r.id])}
                      aria-label={`Approve ${r.label}`}
                    >
                      Approve
                    </Button>
                    <Button
                      className="min-h-11"
                      variant="secondary"
                      disabled={busy}
                      onClick={() => decide("reject", [r.id])}
                      aria-label={`Reject ${r.label}`}
                    >
                      Reject
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {(previousHref || nextHref) && (
        <nav aria-label="Join request pages" className="flex justify-end gap-2">
          {previousHref && (
            <Link href={previousHref} className={buttonClass("secondary")}>
              <Icon name="chevron-left" className="size-4" /> Previous
            </Link>
          )}
          {nextHref && (
            <Link href={nextHref} className={buttonClass("secondary")}>
              Next <Icon name="chevron-right" className="size-4" />
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}

function AnswerSummary({ answer, labels }: { answer: JoinRequestsAnswer; labels: Map<string, string> }) {
  const verb = answer.decision === "approve" ? "Approved" : "Rejected";
  const total = answer.succeeded.length + answer.failed.length;
  if (answer.failed.length === 0) {
    return (
      <Alert tone="info" title={`${verb} ${total === 1 ? "the request" : `all ${total} requests`}`}>
        {answer.decision === "approve" ? "They are participants now." : "They were told no; they can ask again."}
      </Alert>
    );
  }
  return (
    <Alert
      tone="error"
      title={
        answer.succeeded.length === 0
          ? `None of the ${total} requests went through`
          : `${verb} ${answer.succeeded.length} of ${total}: ${answer.failed.length} failed`
      }
    >
      <ul className="list-inside list-disc" data-testid="join-request-outcome">
        {answer.succeeded.map((id) => (
          <li key={id}>
            {labels.get(id) ?? id}: {verb.toLowerCase()}
          </li>
        ))}
        {answer.failed.map((f) => (
          <li key={f.joinRequestId}>
            {labels.get(f.joinRequestId) ?? f.joinRequestId}: failed: {f.reason}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
