"use client";

import dynamic from "next/dynamic";
import { useState, useTransition } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { callAction } from "@/lib/actions/call";
import { removeParticipantsAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import { MAX_REMOVALS_PER_CALL } from "@/lib/validation/limits";
import { useAfterChange } from "./use-after-change";

const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog"), { ssr: false });

interface Participant {
  /** what Meta takes back to remove them: their wa_id, or their business-scoped user_id */
  id: string;
  label: string;
}

/** Who is in the group; managers remove up to 8 at a time (Meta's limit per request) after confirming. */
export function ParticipantsPanel({
  groupId,
  phoneNumberId,
  canManage,
  participants,
}: {
  groupId: string;
  phoneNumberId?: string;
  canManage: boolean;
  participants: Participant[];
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const afterChange = useAfterChange(groupId);
  // Before React owns the list, a box would tick natively and be forgotten: nothing is chosen until then.
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  const full = selected.length >= MAX_REMOVALS_PER_CALL;

  if (participants.length === 0) {
    return <p className="text-sm text-slate-600">Nobody has joined yet. People join through the invite link.</p>;
  }

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current, id] : current.filter((s) => s !== id)));
  }

  function remove() {
    const chosen = selected;
    setFailure(null);
    setSent(null);
    startTransition(async () => {
      const result = await callAction(() => removeParticipantsAction({ groupId, phoneNumberId, participants: chosen }));
      if (!result.ok) return setFailure(result);
      setSelected([]);
      setSent(
        `Removal of ${chosen.length === 1 ? "1 person" : `${chosen.length} people`} sent to Meta. It shows as waiting above until Meta confirms.`,
      );
      afterChange();
    });
  }

  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="participants">
        {participants.map((p) => {
          const checked = selected.includes(p.id);
          return (
            <li key={p.id} data-testid="participant" className="flex min-h-11 items-center gap-3 px-3 py-2 text-sm">
              {canManage && (
                <input
                  type="checkbox"
                  id={`participant-${p.id}`}
                  className="size-5 accent-emerald-700"
                  checked={checked}
                  disabled={busy || (!checked && full)}
                  aria-describedby={full && !checked ? "removal-limit" : undefined}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />
              )}
              <label htmlFor={`participant-${p.id}`} className="flex min-h-11 min-w-0 flex-1 items-center break-all font-mono">
                {p.label}
              </label>
            </li>
          );
        })}
      </ul>
      {canManage && (
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="danger" disabled={selected.length === 0 || busy} onClick={() => setConfirming(true)}>
            {pending ? "Removing…" : `Remove selected${selected.length ? ` (${selected.length})` : ""}`}
          </Button>
          <p id="removal-limit" className="text-xs text-slate-600" aria-live="polite">
            {full
              ? `${MAX_REMOVALS_PER_CALL} selected: Meta removes at most ${MAX_REMOVALS_PER_CALL} people at a time. Remove these first, then choose more.`
              : `Select up to ${MAX_REMOVALS_PER_CALL} people.`}
          </p>
        </div>
      )}
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      {sent && (
        <p role="status" className="text-sm font-medium text-emerald-800">
          {sent}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Remove ${selected.length === 1 ? "this person" : `these ${selected.length} people`}?`}
          description={
            <>
              <p>
                They leave the group and <strong>cannot rejoin through the invite link</strong>, even a new one.
              </p>
              <ul className="list-inside list-disc font-mono text-xs">
                {participants
                  .filter((p) => selected.includes(p.id))
                  .map((p) => (
                    <li key={p.id}>{p.label}</li>
                  ))}
              </ul>
            </>
          }
          confirmLabel="Remove"
          cancelLabel="Keep them"
          onConfirm={remove}
        />
      )}
    </div>
  );
}
