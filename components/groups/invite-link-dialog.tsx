"use client";

import { Link2, Loader2, X } from "lucide-react";
import { AlertDialog, Dialog } from "radix-ui";
import { useState, useTransition } from "react";
import { getInviteLinkAction, resetInviteLinkAction } from "@/app/(dashboard)/groups/actions";
import { InviteLinkPanel } from "@/components/invite/invite-link-panel";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** "Invite link" on a group row: fetches the link on demand; managers can reset it after confirming. */
export function InviteLinkDialog({ groupId, subject, canReset }: { groupId: string; subject: string; canReset: boolean }) {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: typeof getInviteLinkAction, after?: string) {
    setFailure(null);
    setNotice(null);
    startTransition(async () => {
      try {
        const result = await action({ groupId });
        if (result.ok) {
          setLink(result.data.inviteLink);
          if (after) setNotice(after);
        } else setFailure(result);
      } catch {
        setFailure({ ok: false, kind: "network", title: "No answer from the dashboard", message: "Check your connection and try again." });
      }
    });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next && !link) run(getInviteLinkAction);
      }}
    >
      <Dialog.Trigger asChild>
        <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Invite link of ${subject}`}>
          <Link2 aria-hidden className="size-3.5" /> Invite link
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(92vw,40rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-xl bg-white p-6 shadow-xl">
          <div className="flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-lg font-semibold">Invite link</Dialog.Title>
              <Dialog.Description className="text-sm text-slate-600">{subject}</Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <Button variant="ghost" aria-label="Close" className="p-1.5">
                <X aria-hidden className="size-4" />
              </Button>
            </Dialog.Close>
          </div>
          {pending && (
            <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
              <Loader2 aria-hidden className="size-4 animate-spin" /> Asking Meta…
            </p>
          )}
          {failure && (
            <Alert
              tone="error"
              title={failure.title}
              action={
                <Button variant="secondary" onClick={() => run(getInviteLinkAction)}>
                  Retry
                </Button>
              }
            >
              {failure.message}
            </Alert>
          )}
          {notice && <p role="status" className="text-sm font-medium text-emerald-800">{notice}</p>}
          {link && !pending && <InviteLinkPanel inviteLink={link} subject={subject} />}
          {canReset && link && (
            <AlertDialog.Root>
              <AlertDialog.Trigger asChild>
                <Button variant="ghost" className="text-red-700" disabled={pending}>
                  Reset invite link…
                </Button>
              </AlertDialog.Trigger>
              <AlertDialog.Portal>
                <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/50" />
                <AlertDialog.Content className="fixed left-1/2 top-1/2 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-xl bg-white p-6 shadow-xl">
                  <AlertDialog.Title className="text-lg font-semibold">Reset the invite link?</AlertDialog.Title>
                  <AlertDialog.Description className="text-sm text-slate-700">
                    Meta makes a new link and <strong>every earlier link stops working</strong>, including ones already shared or printed as QR codes.
                    People already in the group stay.
                  </AlertDialog.Description>
                  <div className="flex justify-end gap-2">
                    <AlertDialog.Cancel asChild>
                      <Button variant="secondary">Keep the current link</Button>
                    </AlertDialog.Cancel>
                    <AlertDialog.Action asChild>
                      <Button variant="danger" onClick={() => run(resetInviteLinkAction, "A new invite link was made. The old one no longer works.")}>
                        Reset link
                      </Button>
                    </AlertDialog.Action>
                  </div>
                </AlertDialog.Content>
              </AlertDialog.Portal>
            </AlertDialog.Root>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
