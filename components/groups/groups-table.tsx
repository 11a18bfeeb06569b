"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import type { GroupSummary } from "@/lib/graph/types";
import { InviteLinkButton } from "./invite-link-button";

export function GroupsTable({
  groups,
  canManage,
  suspended,
}: {
  groups: GroupSummary[];
  canManage: boolean;
  /** IDs of the groups on this page that Meta suspended */
  suspended: string[];
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Groups of this business number</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3">
              Subject
            </th>
            <th scope="col" className="px-4 py-3">
              Group ID
            </th>
            <th scope="col" className="px-4 py-3">
              Created
            </th>
            <th scope="col" className="px-4 py-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {groups.map((group) => (
            <tr key={group.id} data-testid="group-row">
              <td className="max-w-xs px-4 py-3">
                <span className="block truncate font-medium" title={group.subject}>
                  {group.subject}
                </span>
                {suspended.includes(group.id) && (
                  <span
                    data-testid="suspended-badge"
                    className="mt-1 inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800"
                  >
                    Suspended by Meta
                  </span>
                )}
              </td>
              <td className="px-4 py-3">
                <div className="flex items-center gap-2">
                  <code className="max-w-[16rem] truncate font-mono text-xs text-slate-700" title={group.id}>
                    {group.id}
                  </code>
                  <CopyButton value={group.id} label={`Copy group ID of ${group.subject}`} />
                </div>
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                <LocalTime value={group.createdAt} />
              </td>
              <td className="px-4 py-3 text-right">
                <InviteLinkButton groupId={group.id} subject={group.subject} canReset={canManage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
