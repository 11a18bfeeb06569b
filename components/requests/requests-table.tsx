"use client";

import { Cell, Row, Table } from "@/components/ui/table";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { CopyableId } from "@/components/ui/copyable-id";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/cn";
import { JOIN_APPROVAL_MODES } from "@/lib/groups/join-approval";
import type { RequestView } from "@/lib/requests/live";
import { REQUEST_STATUSES, type RequestStatus } from "@/lib/requests/status";
import { isInviteLink } from "@/lib/validation/invite-link";
import { Icon } from "@/components/ui/icon";

export function StatusBadge({ status }: { status: RequestStatus }) {
  const s = REQUEST_STATUSES[status];
  return <span className={cn("inline-block rounded-full px-2 py-0.5 text-xs font-semibold", s.tone)}>{s.label}</span>;
}

export function RequestsTable({ rows }: { rows: RequestView[] }) {
  return (
    <Table
      caption="Group creation requests, newest first"
      columns={[{ label: "Group" }, { label: "Request ID" }, { label: "Status" }, { label: "Sent" }]}
    >
      {rows.map((row) => (
        <Row key={row.id} data-testid="request-row" data-status={row.status} className="align-top">
          <Cell className="max-w-xs max-sm:max-w-none">
            <p className="truncate font-medium max-sm:whitespace-normal max-sm:break-words max-sm:text-base" title={row.subject}>
              {row.subject}
            </p>
            <p className="text-xs text-slate-500">
              {row.number} · {JOIN_APPROVAL_MODES[row.joinApprovalMode].short}
            </p>
          </Cell>
          <Cell label="Request ID">
            {row.requestId ? (
              <CopyableId value={row.requestId} label={`Copy request ID of ${row.subject}`} />
            ) : (
              <span className="text-xs text-slate-500">none</span>
            )}
          </Cell>
          <Cell label="Status" className="max-w-sm max-sm:max-w-none">
            <StatusBadge status={row.status} />
            <StatusDetail row={row} />
          </Cell>
          <Cell label="Sent" className="text-slate-600">
            <p className="whitespace-nowrap">
              <LocalTime value={row.createdAt} />
            </p>
            <p className="max-w-[12rem] truncate text-xs text-slate-500 max-sm:max-w-none" title={row.createdBy}>
              by {row.createdBy}
            </p>
          </Cell>
        </Row>
      ))}
    </Table>
  );
}

function StatusDetail({ row }: { row: RequestView }) {
  if (row.status === "created" && isInviteLink(row.inviteLink)) {
    return (
      <div className="mt-2 space-y-1.5">
        {row.groupId && <CopyableId value={row.groupId} label={`Copy group ID of ${row.subject}`} />}
        <a
          href={row.inviteLink}
          target="_blank"
          rel="noreferrer"
          data-testid="request-invite-link"
          className="block break-all text-xs text-emerald-800 underline max-sm:flex max-sm:min-h-11 max-sm:items-center max-sm:text-sm"
        >
          {row.inviteLink}
        </a>
        <div className="flex gap-2">
          <CopyButton value={row.inviteLink} label={`Copy invite link of ${row.subject}`} />
          <a
            href={`/api/qr?data=${encodeURIComponent(row.inviteLink)}&download=1`}
            download
            className={buttonClass("secondary", "btn-sm")}
          >
            <Icon name="qr-code" className="size-3.5" /> QR
          </a>
        </div>
      </div>
    );
  }
  if (row.status === "pending" && row.stale) {
    return (
      <p className="mt-1 flex gap-1 text-xs text-amber-800">
        <Icon name="warning" className="size-3.5" />
        Still waiting for Meta. Check that the webhook is registered and subscribed to group_lifecycle_update (see the README).
      </p>
    );
  }
  if (row.error) return <p className="mt-1 text-xs text-slate-700">{row.error}</p>;
  return null;
}
