"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState, useTransition } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button, buttonClass } from "@/components/ui/button";
import { callAction } from "@/lib/actions/call";
import { deleteGroupAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import { useAfterChange } from "./use-after-change";

const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog"), { ssr: false });

/** Deleting a group, once its subject is typed: everyone, the business included, is removed from it. */
export function GroupDangerZone({
  groupId,
  phoneNumberId,
  subject,
  backHref,
}: {
  groupId: string;
  phoneNumberId?: string;
  subject: string;
  backHref: string;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, startTransition] = useTransition();
  const afterChange = useAfterChange(groupId);
  const matches = typed.trim() === subject.trim() && subject.trim() !== "";

  function remove() {
    setFailure(null);
    startTransition(async () => {
      const result = await callAction(() => deleteGroupAction({ groupId, phoneNumberId, confirmSubject: typed }));
      if (!result.ok) return setFailure(result);
      setSent(true);
      afterChange();
    });
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Deleting removes everyone from the group, your business included, and cannot be undone.
      </p>
      <Button
        variant="danger"
        disabled={pending || sent}
        onClick={() => {
          setTyped("");
          setOpen(true);
        }}
      >
        {pending ? "Deleting…" : "Delete group…"}
      </Button>
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      {sent && (
        <p role="status" className="text-sm font-medium text-emerald-800">
          Delete sent to Meta. It shows as waiting above until Meta confirms it;{" "}
          <Link href={backHref} className="underline">
            back to the groups
          </Link>
          .
        </p>
      )}
      {open && (
        <ConfirmDialog
          open={open}
          onOpenChange={setOpen}
          title="Delete this group?"
          description={
            <>
              <p>
                Everyone is removed from <strong>{subject}</strong>, <strong>your business included</strong>. The group and its
                invite link stop working, and this cannot be undone.
              </p>
              <p>Type the group&apos;s subject to confirm.</p>
            </>
          }
          confirmLabel="Delete group"
          cancelLabel="Keep the group"
          confirmDisabled={!matches}
          onConfirm={remove}
        >
          <label className="block space-y-1 text-sm">
            <span className="font-medium">Subject</span>
            <input
              type="text"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 focus:outline-none focus:ring-2 focus:ring-emerald-600 max-sm:min-h-11 max-sm:text-base"
            />
          </label>
        </ConfirmDialog>
      )}
      {sent && (
        <Link href={backHref} className={buttonClass("secondary")}>
          Back to groups
        </Link>
      )}
    </div>
  );
}
