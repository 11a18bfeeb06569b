import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { ForgetNotice } from "@/components/groups/forget-notice";
import { GroupsTable, type SortableColumn } from "@/components/groups/groups-table";
import { GroupsTableSkeleton } from "@/components/groups/groups-table-skeleton";
import { NoNumbers } from "@/components/groups/no-numbers";
import { Pager, type PagerLink } from "@/components/groups/pager";
import { SearchBox } from "@/components/groups/search-box";
import { SyncStatus } from "@/components/groups/sync-status";
import { QueryProvider } from "@/components/providers/query-provider";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { searchIndex } from "@/lib/db/group-index";
import { getSyncState } from "@/lib/db/group-sync";
import { getGroupFlags } from "@/lib/db/groups-state";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { getGraphClient, type GroupPage } from "@/lib/graph";
import { ensureIndexBuilding } from "@/lib/groups/sync-runner";
import { type SyncStatus as Status, toSyncStatus } from "@/lib/groups/sync-status";
import { type BusinessNumber, getBusinessNumbers, resolveNumber } from "@/lib/numbers";
import {
  type Correction,
  groupsHref,
  type GroupsUrlState,
  indexPageHref,
  pageWindow,
  parseGroupsUrl,
  sortHref,
  withNumber,
} from "@/lib/url-state/groups";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "Groups" };

export default withRequestLog(GroupsPage);

/**
 * The groups of one number. Once its index has been built (lib/groups/sync.ts) the table reads the index: search,
 * totals, sorting, numbered pages and CSV export, and no Graph call at all. Until then, or with `view=live`, it
 * pages through Meta's own list with Meta's cursors.
 */
async function GroupsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { state, corrections } = parseGroupsUrl(await searchParams);
  const user = await requirePageUser("viewer", groupsHref(state));
  const numbers = getBusinessNumbers();
  const number = resolveNumber(state.number) ?? numbers[0];
  if (!number) return <NoNumbers />;
  if (state.number && number.id !== state.number) {
    corrections.push({
      param: "number",
      message: `${state.number} is not one of this dashboard's numbers: showing ${number.label}.`,
    });
  }
  // Links keep the number only when the URL chose one that exists.
  const view = { ...state, number: number.id === state.number ? state.number : undefined };
  const canManage = hasRole(user.role, "manager");
  // Asked for Meta's list: the Graph call goes out now, and the page is rendered while Meta answers.
  let live = state.view === "live" ? readLivePage(number, state) : null;
  const db = await getDb();
  const sync = toSyncStatus(await getSyncState(db, number.id));
  if (!sync.ready) await ensureIndexBuilding(number.id);

  const header = (
    <>
      <Heading label={number.label} canCreate={canManage} numberParam={view.number} />
      <Corrections corrections={corrections} />
      <QueryProvider>
        <SyncStatus number={number.id} initial={sync} canSync={canManage} />
      </QueryProvider>
    </>
  );
  if (sync.ready && state.view !== "live") {
    return <IndexedGroups state={view} number={number} canManage={canManage} header={header} />;
  }
  live ??= readLivePage(number, state);
  return <LiveGroupsView state={view} live={live} canManage={canManage} header={header} sync={sync} />;
}

async function IndexedGroupsView({
  state: asked,
  number,
  canManage,
  header,
}: {
  state: GroupsUrlState;
  number: BusinessNumber;
  canManage: boolean;
  header: React.ReactNode;
}) {
  const db = await getDb();
  const query = { phoneNumberId: number.id, q: asked.q, sort: asked.sort, dir: asked.dir };
  let { rows, total } = await searchIndex(db, { ...query, limit: asked.limit, offset: (asked.page - 1) * asked.limit });
  const last = Math.max(1, Math.ceil(total / asked.limit));
  // A page past the end (the search narrowed, groups were deleted) shows the last page instead.
  const state = asked.page > last ? { ...asked, page: last } : asked;
  if (state !== asked)
    ({ rows, total } = await searchIndex(db, { ...query, limit: state.limit, offset: (last - 1) * state.limit }));
  const grand = state.q ? (await searchIndex(db, { ...query, q: undefined, limit: 0, offset: 0 })).total : total;
  const exportHref = `/api/groups/export?${new URLSearchParams({
    number: number.id,
    ...(state.q ? { q: state.q } : {}),
    sort: state.sort,
    dir: state.dir,
  }).toString()}`;
  const links: PagerLink[] = [
    { label: "First", href: state.page > 1 ? indexPageHref(state, 1) : null },
    { label: "Previous", href: state.page > 1 ? indexPageHref(state, state.page - 1) : null, kind: "previous" },
    ...pageWindow(state.page, last).map((page): PagerLink =>
      page === null
        ? { label: "…", href: null, kind: "gap" }
        : { label: String(page), href: indexPageHref(state, page), kind: "page", current: page === state.page },
    ),
    { label: "Next", href: state.page < last ? indexPageHref(state, state.page + 1) : null, kind: "next" },
    { label: "Last", href: state.page < last ? indexPageHref(state, last) : null },
  ];
  const from = total === 0 ? 0 : (state.page - 1) * state.limit + 1;
  const to = Math.min(total, state.page * state.limit);
  const columns: Record<SortableColumn, { href: string; sorted: "ascending" | "descending" | null }> = {
    subject: {
      href: sortHref(state, "subject"),
      sorted: state.sort === "subject" ? (state.dir === "asc" ? "ascending" : "descending") : null,
    },
    created: {
      href: sortHref(state, "created"),
      sorted: state.sort === "created" ? (state.dir === "asc" ? "ascending" : "descending") : null,
    },
  };
  return (
    <section className="space-y-6">
      {header}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchBox state={state} />
        <p className="text-sm text-slate-700" data-testid="group-total" aria-live="polite">
          {state.q
            ? `${total.toLocaleString("en")} of ${grand.toLocaleString("en")} groups on ${number.label} match “${state.q}”`
            : `${total.toLocaleString("en")} group${total === 1 ? "" : "s"} on ${number.label}`}
        </p>
        <a href={exportHref} download className={buttonClass("secondary", "min-h-11 sm:min-h-0")}>
          Export CSV
        </a>
      </div>
      {rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-surface px-6 py-16 text-center">
          <h2 className="text-base font-semibold">{state.q ? "No group matches" : "No groups on this number yet"}</h2>
          <p className="mt-1 text-sm text-slate-600">
            {state.q
              ? "Try fewer or other letters: the search looks for them anywhere in the subject, ignoring case and accents."
              : canManage
                ? "Create the first one; people join it through its invite link."
                : "A manager can create the first one."}
          </p>
          {canManage && !state.q && (
            <Link href={withNumber("/groups/new", state.number)} className={buttonClass("primary", "mt-6")}>
              Create a group
            </Link>
          )}
        </div>
      ) : (
        <>
          <GroupsTable
            groups={rows.map((r) => ({ id: r.group_id, subject: r.subject, createdAt: r.created_raw || r.created_at || "" }))}
            canManage={canManage}
            suspended={rows.filter((r) => r.suspended === 1).map((r) => r.group_id)}
            number={state.number}
            sortable={columns}
          />
          <Pager
            state={state}
            summary={`Showing ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")}`}
            links={links}
          />
        </>
      )}
      <p className="text-xs text-slate-500">
        The list comes from this dashboard&apos;s index of Meta&apos;s groups, kept current by webhooks and a sync every few
        minutes.{" "}
        <Link href={groupsHref({ number: state.number, view: "live", limit: state.limit })} className="underline">
          See Meta&apos;s list as it is now
        </Link>
      </p>
    </section>
  );
}

function LiveGroupsView({
  state,
  live,
  canManage,
  header,
  sync,
}: {
  state: GroupsUrlState;
  live: Promise<LiveRead>;
  canManage: boolean;
  header: React.ReactNode;
  sync: Status;
}) {
  // Everything above the table is sent while Meta answers: only the rows and the pager wait for the Graph call.
  return (
    <section className="space-y-6">
      {header}
      {sync.ready ? (
        <Alert tone="info" title="Meta's list as it is now">
          Newest first, paged as Meta pages it, without search or totals.{" "}
          <Link href={groupsHref({ number: state.number, limit: state.limit })} className="font-semibold underline">
            Back to the index
          </Link>
        </Alert>
      ) : (
        <Alert tone="info" title="The index of this number's groups is being built">
          Search, totals, sorting and export are ready once it is. Meanwhile this is Meta&apos;s own list, newest first.
        </Alert>
      )}
      {state.notice === "cursor-expired" && (
        <Alert tone="info" title="That page link had expired">
          Meta&apos;s page links expire after a while, so the list starts again from the first page.
          <ForgetNotice />
        </Alert>
      )}
      <Suspense fallback={<GroupsTableSkeleton rows={Math.min(state.limit, 8)} />}>
        <LiveGroupsList state={state} live={live} canManage={canManage} />
      </Suspense>
    </section>
  );
}

type LiveRead = { ok: true; page: GroupPage; flags: { deleted: string[]; suspended: string[] } } | { ok: false; error: unknown };

/**
 * One page of Meta's list with our suspension flags, read together. It settles, never rejects: the page is rendered
 * while it is on its way, and what failed is shown where the rows would be.
 */
function readLivePage(number: BusinessNumber, state: GroupsUrlState): Promise<LiveRead> {
  const page = getGraphClient().listGroups(number.id, { limit: state.limit, after: state.after, before: state.before });
  const flags = getDb().then((db) => getGroupFlags(db, number.id));
  return Promise.all([page, flags]).then(
    ([page, flags]): LiveRead => ({ ok: true, page, flags }),
    (error: unknown): LiveRead => ({ ok: false, error }),
  );
}

/** The part of the live view that waits for Meta: one page of its list, or why it could not be read. */
async function LiveGroupsListView({
  state,
  live,
  canManage,
}: {
  state: GroupsUrlState;
  live: Promise<LiveRead>;
  canManage: boolean;
}) {
  const base = { number: state.number, limit: state.limit, view: state.view };
  const read = await live;
  if (!read.ok) {
    const problem = toUserFacingError(read.error);
    if (problem.kind === "invalid-cursor" && (state.after || state.before)) {
      redirect(groupsHref({ ...base, notice: "cursor-expired" }));
    }
    return (
      <Alert
        tone={problem.kind === "auth" ? "warning" : "error"}
        title={problem.title}
        action={
          <Link href={groupsHref(state)} className={buttonClass("secondary")} prefetch={false}>
            Retry
          </Link>
        }
      >
        {problem.message}
      </Alert>
    );
  }

  const { page, flags: reported } = read;
  const deletedIds = new Set(reported.deleted);
  const suspendedIds = new Set(reported.suspended);
  // A group Meta reported deleted leaves the table at once, even while Meta's list still carries it.
  const groups = page.groups.filter((g) => !deletedIds.has(g.id));
  const suspended = groups.filter((g) => suspendedIds.has(g.id)).map((g) => g.id);
  const isFirstPage = !state.after && !state.before;
  const links: PagerLink[] = [
    ...(isFirstPage ? [] : [{ label: "First page", href: groupsHref(base) }]),
    {
      label: "Previous",
      href: page.hasPrevious && page.cursors.before ? groupsHref({ ...base, before: page.cursors.before }) : null,
      kind: "previous",
    },
    {
      label: "Next",
      href: page.hasNext && page.cursors.after ? groupsHref({ ...base, after: page.cursors.after }) : null,
      kind: "next",
    },
  ];
  if (page.groups.length === 0 && isFirstPage) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-surface px-6 py-16 text-center">
        <h2 className="text-base font-semibold">No groups on this number yet</h2>
        <p className="mt-1 text-sm text-slate-600">
          {canManage ? "Create the first one; people join it through its invite link." : "A manager can create the first one."}
        </p>
        {canManage && (
          <Link href={withNumber("/groups/new", state.number)} className={buttonClass("primary", "mt-6")}>
            Create a group
          </Link>
        )}
      </div>
    );
  }
  return (
    <>
      <GroupsTable groups={groups} canManage={canManage} suspended={suspended} number={state.number} />
      <Pager state={base} summary={`Showing ${page.groups.length} groups`} links={links} />
    </>
  );
}

// Child components that load data log in the request's scope too (React renders them outside the page function).
const IndexedGroups = withRequestLog(IndexedGroupsView);
const LiveGroupsList = withRequestLog(LiveGroupsListView);

function Heading({ label, canCreate, numberParam }: { label: string; canCreate: boolean; numberParam?: string }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Groups</h1>
        <p className="text-sm text-slate-600">On {label}</p>
      </div>
      {canCreate && (
        <Link href={withNumber("/groups/new", numberParam)} className={buttonClass("primary")}>
          New group
        </Link>
      )}
    </div>
  );
}

/** What the URL asked for that could not be used, and what is shown instead. */
function Corrections({ corrections }: { corrections: Correction[] }) {
  if (corrections.length === 0) return null;
  return (
    <Alert tone="info" title="The link was corrected">
      <ul className="list-inside list-disc" data-testid="url-corrections">
        {corrections.map((c) => (
          <li key={c.param}>{c.message}</li>
        ))}
      </ul>
    </Alert>
  );
}
