"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { copyButtonLabel, copyButtonText, useClipboard } from "@/components/ui/copy-button";
import { idElement } from "@/components/ui/copyable-id";
import { timeElement } from "@/components/ui/local-time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Table } from "@/components/ui/table";
import { groupPageHrefs } from "@/lib/url-state/group-page";

// The dialog's code (Radix) loads on first use, so the table page does not ship it.
const InviteLinkDialog = dynamic(() => import("./invite-link-dialog"), { ssr: false });

/** One group as the table shows it (the Graph client's GroupSummary, passed from the server). */
export interface GroupRow {
  id: string;
  subject: string;
  createdAt: string;
}

export type SortableColumn = "subject" | "created";

// A page may hold 1,024 rows: they are plain <tr> and <td> with only their roles (a phone's card drops a table's own
// semantics), and nothing in them carries a class or an event handler: on such a page each attribute of a row is
// written 1,024 times, and each handler would be made 1,024 times. `ui-groups` on the table styles them by column
// (app/globals.css, which also writes the phone cards' column names), and the table body handles their events.
const ROW = { role: "row" } as const;
const CELL = { role: "cell" } as const;
/** The columns, by index in a row (HTMLTableCellElement.cellIndex), whose buttons the table body answers for. */
const COPY_COLUMN = 1;
const INVITE_COLUMN = 3;

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
  // A page may hold 1,024 rows: each row is plain elements, and everything stateful (copy feedback, the invite link
  // dialog, local times, client-side navigation) is held once here rather than by a component in every row.
  const router = useRouter();
  const local = useHydrated();
  const clipboard = useClipboard();
  const [invite, setInvite] = useState<GroupRow | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const suspendedIds = new Set(suspended);
  const hrefOf = groupPageHrefs({ number });
  const copiedRow = groups.find((group) => clipboard.stateOf(group.id) !== "idle");
  const copyNews = copiedRow
    ? clipboard.stateOf(copiedRow.id) === "copied"
      ? `Copied the group ID of ${copiedRow.subject}`
      : "Copy failed: select and copy by hand"
    : "";

  /** The group of the row an event happened in, with the link or button it happened on (null when neither). */
  function targetOf(event: React.SyntheticEvent<HTMLTableSectionElement>) {
    const row = (event.target as Element).closest("tr");
    const group = row?.parentElement === event.currentTarget ? groups[row.sectionRowIndex] : undefined;
    if (!row || !group) return null;
    const control = (event.target as Element).closest<HTMLElement>("a, button");
    return { group, control: control && row.contains(control) ? control : null };
  }

  function onClick(event: React.MouseEvent<HTMLTableSectionElement>) {
    const target = targetOf(event);
    if (!target?.control) return;
    const { group, control } = target;
    if (control instanceof HTMLAnchorElement) {
      // A plain left click moves within the app, as next/link would; other clicks keep the browser's own behaviour.
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
        return;
      event.preventDefault();
      router.push(hrefOf(group.id));
      return;
    }
    const column = (control.parentElement as HTMLTableCellElement).cellIndex;
    if (column === COPY_COLUMN) void clipboard.copy(group.id, group.id);
    if (column === INVITE_COLUMN) {
      opener.current = control as HTMLButtonElement;
      setInvite(group);
    }
  }

  /** Pointing at a group's link, or tabbing to it, loads its page ahead, as next/link would. */
  function onApproach(event: React.SyntheticEvent<HTMLTableSectionElement>) {
    const target = targetOf(event);
    if (target?.control instanceof HTMLAnchorElement) router.prefetch(hrefOf(target.group.id));
  }

  return (
    <>
      <Table
        caption="Groups of this business number"
        className="ui-groups"
        columns={[
          { label: "Subject", control: sortable ? <SortLink label="Subject" {...sortable.subject} /> : undefined },
          { label: "Group ID" },
          { label: "Created", control: sortable ? <SortLink label="Created" {...sortable.created} /> : undefined },
          { label: "Actions", hideLabel: true },
        ]}
        bodyEvents={{ onClick, onMouseOver: onApproach, onFocus: onApproach }}
      >
        {groups.map((group) => {
          const copyState = clipboard.stateOf(group.id);
          return (
            <tr key={group.id} {...ROW}>
              <td {...CELL}>
                <a href={hrefOf(group.id)} title={group.subject}>
                  {group.subject}
                </a>
                {suspendedIds.has(group.id) && (
                  <span
                    data-testid="suspended-badge"
                    className="mt-1 inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800"
                  >
                    Suspended by Meta
                  </span>
                )}
              </td>
              <td {...CELL}>
                {idElement(group.id, false)}
                {/* Its icon is drawn by the column's CSS; `data-copied` turns it into a check mark. */}
                <button
                  type="button"
                  data-copied={copyState === "copied" || undefined}
                  aria-label={copyButtonLabel(`Copy group ID of ${group.subject}`, copyState)}
                >
                  {copyButtonText(copyState)}
                </button>
              </td>
              <td {...CELL}>{timeElement(group.createdAt, local)}</td>
              <td {...CELL}>
                <button type="button" aria-label={`Invite link of ${group.subject}`} aria-haspopup="dialog">
                  Invite link
                </button>
              </td>
            </tr>
          );
        })}
      </Table>
      {/* One polite live region for every row's Copy button (a thousand rows, one region). */}
      <p role="status" className="sr-only">
        {copyNews}
      </p>
      {invite && (
        <InviteLinkDialog
          groupId={invite.id}
          subject={invite.subject}
          canReset={canManage}
          onClose={() => {
            setInvite(null);
            opener.current?.focus();
          }}
        />
      )}
    </>
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
