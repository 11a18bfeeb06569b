"use client";

import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { isInviteLink } from "@/lib/validation/invite-link";
import { Icon } from "@/components/ui/icon";

/** An invite link with everything a manager does with it: copy it, show or download its QR code, open it. */
export function InviteLinkPanel({ inviteLink, subject }: { inviteLink: string; subject?: string }) {
  // Links are checked where they enter (Graph answers, webhooks); this is the last line, for rows stored before that.
  if (!isInviteLink(inviteLink)) {
    return (
      <p className="text-sm text-slate-700">Meta sent this group&apos;s invite link in an unexpected form, so it is not shown.</p>
    );
  }
  const qr = `/api/qr?data=${encodeURIComponent(inviteLink)}`;
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
      {/* eslint-disable-next-line @next/next/no-img-element -- a generated PNG from our own route; next/image adds nothing here */}
      <img
        src={qr}
        alt={`QR code of the invite link${subject ? ` to ${subject}` : ""}`}
        width={160}
        height={160}
        className="size-40 rounded-lg border border-slate-200 bg-white"
      />
      <div className="min-w-0 space-y-3">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Invite link</p>
        <a
          data-testid="invite-link"
          href={inviteLink}
          target="_blank"
          rel="noreferrer"
          className="block break-all font-mono text-sm text-emerald-800 underline max-sm:flex max-sm:min-h-11 max-sm:items-center"
        >
          {inviteLink}
        </a>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={inviteLink} label="Copy invite link" size="md" />
          <a href={`${qr}&download=1`} download className={buttonClass("secondary")}>
            <Icon name="download" className="size-4" /> QR code (PNG)
          </a>
          <a href={inviteLink} target="_blank" rel="noreferrer" className={buttonClass("secondary")}>
            <Icon name="external-link" className="size-4" /> Open
          </a>
        </div>
      </div>
    </div>
  );
}
