"use client";

import { AlertDialog, Dialog } from "radix-ui";
import { useEffect, useRef, useState, useTransition } from "react";
import { InviteLinkPanel } from "@/components/invite/invite-link-panel";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { callAction } from "@/lib/actions/call";
import { getInviteLinkAction, resetInviteLinkAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import { Icon } from "@/components/ui/icon";

/**
 * The invite link of one group, fetched from Meta when the dialog opens; managers can reset it after confirming.
 * Loaded only when someone asks for a link (see groups-table.tsx), so the table page does not ship Radix.
 */
export default function InviteLinkDialog({
  groupId,
  subject,
  canReset,
  onClose,
}: {
  groupId: string;
  subject: string;
  canReset: boolean;
  onClose: () => void;
}) {
  const [link, setLink] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: typeof getInviteLinkAction, after?: string) {
    setFailure(null);
    setNotice(null);
    startTransition(async () => {
      const result = await callAction(() => action({ groupId }));
      if (result.ok) {
        setLink(result.data.inviteLink);
        if (after) setNotice(after);
      } else setFailure(result);
    });
  }

  // Ask Meta once, when the dialog mounts.
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    run(getInviteLinkAction);
  });

  return (
    <Dialog.Root defaultOpen onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90dvh] w-[min(92vw,40rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-xl bg-surface p-5 shadow-xl sm:p-6">
          <div className="flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-lg font-semibold">Invite link</Dialog.Title>
              <Dialog.Description className="text-sm text-slate-600">{subject}</Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <Button variant="ghost" aria-label="Close" className="p-1.5">
                <Icon name="x" className="size-4" />
              </Button>
            </Dialog.Close>
          </div>
          {pending && (
            <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
              <Icon name="loader" className="size-4 animate-spin" /> Asking Meta…
            </p>
          )}
          {failure && (
            <ActionFailureAlert
              failure={failure}
              action={
                <Button variant="secondary" onClick={() => run(getInviteLinkAction)}>
                  Retry
                </Button>
              }
            />
          )}
          {notice && (
            <p role="status" className="text-sm font-medium text-emerald-800">
              {notice}
            </p>
          )}
          {link && !pending && <InviteLinkPanel inviteLink={link} subject={subject} />}
          {canReset && link && (
            <AlertDialog.Root>
              <AlertDialog.Trigger asChild>
                <Button variant="danger-ghost" disabled={pending}>
                  Reset invite link…
                </Button>
              </AlertDialog.Trigger>
              <AlertDialog.Portal>
                <AlertDialog.Overlay className="fixed inset-0 bg-black/50" />
                <AlertDialog.Content className="fixed left-1/2 top-1/2 max-h-[90dvh] w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-xl bg-surface p-5 shadow-xl sm:p-6">
                  <AlertDialog.Title className="text-lg font-semibold">Reset the invite link?</AlertDialog.Title>
                  <AlertDialog.Description className="text-sm text-slate-700">
                    Meta makes a new link and <strong>every earlier link stops working</strong>, including ones already shared or
                    printed as QR codes. People already in the group stay.
                  </AlertDialog.Description>
                  <div className="flex flex-wrap justify-end gap-2">
                    <AlertDialog.Cancel asChild>
                      <Button variant="secondary">Keep the current link</Button>
                    </AlertDialog.Cancel>
                    <AlertDialog.Action asChild>
                      <Button
                        variant="danger"
                        onClick={() => run(resetInviteLinkAction, "A new invite link was made. The old one no longer works.")}
                      >
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
