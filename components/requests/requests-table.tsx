"use client";

import { AlertTriangle, QrCode } from "lucide-react";
import { Table } from "@/components/ui/table";
import { CopyButton } from "@/components/ui/copy-button";
import { CopyableId } from "@/components/ui/copyable-id";
import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/cn";

export interface RequestRow {
  id: number;
  requestId: string | null;
  number: string;
  subject: string;
  joinApprovalMode: string;
  status: string;
  createdBy: string;
  createdAt: string;
  error: string | null;
  groupId: string | null;
  inviteLink: string | null;
  /** pending for longer than the configured warning time */
  stale: boolean;
}

export const STATUS: Record<string, { label: string; tone: string }> = {
  submitting: { label: "Sending", tone: "bg-slate-100 text-slate-700" },
  pending: { label: "Pending", tone: "bg-amber-100 text-amber-800" },
  created: { label: "Created", tone: "bg-emerald-100 text-emerald-800" },
  failed: { label: "Failed", tone: "bg-red-100 text-red-800" },
  rejected: { label: "Refused by Meta", tone: "bg-red-100 text-red-800" },
  unconfirmed: { label: "Unconfirmed", tone: "bg-orange-100 text-orange-800" },
  deleted: { label: "Deleted", tone: "bg-slate-200 text-slate-700" },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "bg-slate-100 text-slate-700" };
  return <span className={cn("inline-block rounded-full px-2 py-0.5 text-xs font-semibold", s.tone)}>{s.label}</span>;
}

export function RequestsTable({ rows }: { rows: RequestRow[] }) {
  return (
    <Table caption="Group creation requests, newest first" columns={["Group", "Request ID", "Status", "Sent"]}>
      {rows.map((row) => (
        <tr key={row.id} data-testid="request-row" data-status={row.status} className="align-top">
          <td className="max-w-xs px-4 py-3">
            <p className="truncate font-medium" title={row.subject}>
              {row.subject}
            </p>
            <p className="text-xs text-slate-500">
              {row.number} · {row.joinApprovalMode === "approval_required" ? "approval required" : "auto-approve"}
            </p>
          </td>
          <td className="px-4 py-3">
            {row.requestId ? (
              <CopyableId value={row.requestId} label={`Copy request ID of ${row.subject}`} />
            ) : (
              <span className="text-xs text-slate-500">none</span>
            )}
          </td>
          <td className="max-w-sm px-4 py-3">
            <StatusBadge status={row.status} />
            <StatusDetail row={row} />
          </td>
          <td className="px-4 py-3 text-slate-600">
            <p className="whitespace-nowrap">
              <LocalTime value={row.createdAt} />
            </p>
            <p className="max-w-[12rem] truncate text-xs text-slate-500" title={row.createdBy}>
              by {row.createdBy}
            </p>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function StatusDetail({ row }: { row: RequestRow }) {
  if (row.status === "created" && row.inviteLink) {
    return (
      <div className="mt-2 space-y-1.5">
        {row.groupId && <CopyableId value={row.groupId} label={`Copy group ID of ${row.subject}`} />}
        <a
          href={row.inviteLink}
          target="_blank"
          rel="noreferrer"
          data-testid="request-invite-link"
          className="block break-all text-xs text-emerald-800 underline"
        >
          {row.inviteLink}
        </a>
        <div className="flex gap-2">
          <CopyButton value={row.inviteLink} label={`Copy invite link of ${row.subject}`} />
          <a
            href={`/api/qr?data=${encodeURIComponent(row.inviteLink)}&download=1`}
            download
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100"
          >
            <QrCode aria-hidden className="size-3.5" /> QR
          </a>
        </div>
      </div>
    );
  }
  if (row.status === "pending" && row.stale) {
    return (
      <p className="mt-1 flex gap-1 text-xs text-amber-800">
        <AlertTriangle aria-hidden className="size-3.5 shrink-0" />
        Still waiting for Meta. Check that the webhook is registered and subscribed to group_lifecycle_update (see the README).
      </p>
    );
  }
  if (row.error) return <p className="mt-1 text-xs text-slate-700">{row.error}</p>;
  return null;
}
