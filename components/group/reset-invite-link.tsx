"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { callAction } from "@/lib/actions/call";
import { resetInviteLinkAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";

const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog"), { ssr: false });

/** Replaces the group's invite link after a confirmation; the page then shows the new one. */
export function ResetInviteLink({ groupId, subject }: { groupId: string; subject: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();

  function reset() {
    setFailure(null);
    setDone(false);
    startTransition(async () => {
      const result = await callAction(() => resetInviteLinkAction({ groupId }));
      if (!result.ok) return setFailure(result);
      setDone(true);
      router.refresh();
    });
  }

  return (
    <div className="space-y-2">
      <Button variant="danger-ghost" disabled={pending} onClick={() => setOpen(true)}>
        {pending ? "Resetting…" : "Reset invite link…"}
      </Button>
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      {done && (
        <p role="status" className="text-sm font-medium text-emerald-800">
          A new invite link was made. The old one no longer works.
        </p>
      )}
      {open && (
        <ConfirmDialog
          open={open}
          onOpenChange={setOpen}
          title="Reset the invite link?"
          description={
            <p>
              Meta makes a new link for {subject} and <strong>every earlier link stops working</strong>, including ones already
              shared or printed as QR codes. People already in the group stay.
            </p>
          }
          confirmLabel="Reset link"
          cancelLabel="Keep the current link"
          onConfirm={reset}
        />
      )}
    </div>
  );
}
