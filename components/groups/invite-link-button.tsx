"use client";

import { Link2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

const InviteLinkDialog = dynamic(() => import("./invite-link-dialog"), { ssr: false });

/** "Invite link" on a group row. The dialog's code loads on first use. */
export function InviteLinkButton({ groupId, subject, canReset }: { groupId: string; subject: string; canReset: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={button}
        variant="secondary"
        className="px-2 py-1 text-xs"
        aria-label={`Invite link of ${subject}`}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Link2 aria-hidden className="size-3.5" /> Invite link
      </Button>
      {open && (
        <InviteLinkDialog
          groupId={groupId}
          subject={subject}
          canReset={canReset}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
