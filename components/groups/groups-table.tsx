"use client";

import Link from "next/link";
import { Cell, Row, Table } from "@/components/ui/table";
import { CopyableId } from "@/components/ui/copyable-id";
import { LocalTime } from "@/components/ui/local-time";
import { groupPageHref } from "@/lib/url-state/group-page";
import { InviteLinkButton } from "./invite-link-button";

/** One group as the table shows it (the Graph client's GroupSummary, passed from the server). */
export interface GroupRow {
  id: string;
  subject: string;
  createdAt: string;
}

export type SortableColumn = "subject" | "created";

export function GroupsTable({
  groups,
  canManage,
  suspended,
  number,
  sortable,
}: {
  groups: GroupRow[];
  canManage: boolean;
  /** the number chosen in the URL, kept in links to each group's page */
  number?: string;
  /** on the index: column headers that sort (a link each) and which one is sorted, which way */
  sortable?: Record<SortableColumn, { href: string; sorted: "ascending" | "descending" | null }>;
  /** IDs of the groups on this page that Meta suspended */
  suspended: string[];
}) {
  return (
    <Table
      caption="Groups of this business number"
      columns={[
        { label: "Subject", control: sortable ? <SortLink label="Subject" {...sortable.subject} /> : undefined },
        { label: "Group ID" },
        { label: "Created", control: sortable ? <SortLink label="Created" {...sortable.created} /> : undefined },
        { label: "Actions", hideLabel: true },
      ]}
    >
      {groups.map((group) => (
        <Row key={group.id} data-testid="group-row">
          <Cell className="max-w-xs max-sm:max-w-none">
            <Link
              href={groupPageHref(group.id, { number })}
              className="block truncate font-medium text-emerald-900 underline-offset-2 hover:underline max-sm:whitespace-normal max-sm:break-words max-sm:py-2.5 max-sm:text-base"
              title={group.subject}
            >
              {group.subject}
            </Link>
            {suspended.includes(group.id) && (
              <span
                data-testid="suspended-badge"
                className="mt-1 inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800"
              >
                Suspended by Meta
              </span>
            )}
          </Cell>
          <Cell label="Group ID">
            <CopyableId value={group.id} label={`Copy group ID of ${group.subject}`} />
          </Cell>
          <Cell label="Created" className="whitespace-nowrap text-slate-600">
            <LocalTime value={group.createdAt} />
          </Cell>
          <Cell className="text-right max-sm:pt-1 max-sm:text-left">
            <InviteLinkButton groupId={group.id} subject={group.subject} canReset={canManage} />
          </Cell>
        </Row>
      ))}
    </Table>
  );
}

function SortLink({ label, href, sorted }: { label: string; href: string; sorted: "ascending" | "descending" | null }) {
  return (
    <Link
      href={href}
      className="inline-flex items-center gap-1 uppercase hover:text-slate-900 max-sm:min-h-11"
      aria-label={`${label}${sorted ? `, sorted ${sorted}` : ""}: sort`}
    >
      {label}
      <span aria-hidden>{sorted === "ascending" ? "▲" : sorted === "descending" ? "▼" : "↕"}</span>
    </Link>
  );
}
