import { CopyButton } from "@/components/ui/copy-button";
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
}

const STATUS: Record<string, { label: string; tone: string }> = {
  submitting: { label: "Sending", tone: "bg-slate-100 text-slate-700" },
  pending: { label: "Pending", tone: "bg-amber-100 text-amber-800" },
  created: { label: "Created", tone: "bg-emerald-100 text-emerald-800" },
  failed: { label: "Failed", tone: "bg-red-100 text-red-800" },
  rejected: { label: "Refused by Meta", tone: "bg-red-100 text-red-800" },
  unconfirmed: { label: "Unconfirmed", tone: "bg-orange-100 text-orange-800" },
};

export function RequestsTable({ rows }: { rows: RequestRow[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Group creation requests, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3">Subject</th>
            <th scope="col" className="px-4 py-3">Request ID</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Number</th>
            <th scope="col" className="px-4 py-3">By</th>
            <th scope="col" className="px-4 py-3">Sent</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const status = STATUS[row.status] ?? { label: row.status, tone: "bg-slate-100 text-slate-700" };
            return (
              <tr key={row.id} data-testid="request-row" className="align-top">
                <td className="max-w-xs px-4 py-3">
                  <p className="truncate font-medium" title={row.subject}>
                    {row.subject}
                  </p>
                  <p className="text-xs text-slate-500">{row.joinApprovalMode === "approval_required" ? "Approval required" : "Auto-approve"}</p>
                </td>
                <td className="px-4 py-3">
                  {row.requestId ? (
                    <div className="flex items-center gap-2">
                      <code className="max-w-[14rem] truncate font-mono text-xs" title={row.requestId}>
                        {row.requestId}
                      </code>
                      <CopyButton value={row.requestId} label={`Copy request ID of ${row.subject}`} />
                    </div>
                  ) : (
                    <span className="text-xs text-slate-500">none</span>
                  )}
                </td>
                <td className="px-4 py-3">
                  <span className={cn("inline-block rounded-full px-2 py-0.5 text-xs font-semibold", status.tone)}>{status.label}</span>
                  {row.error && <p className="mt-1 max-w-xs text-xs text-slate-600">{row.error}</p>}
                </td>
                <td className="px-4 py-3 text-slate-600">{row.number}</td>
                <td className="px-4 py-3 text-slate-600">{row.createdBy}</td>
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                  <LocalTime value={row.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
