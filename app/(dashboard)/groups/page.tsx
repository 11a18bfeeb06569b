import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ForgetNotice } from "@/components/groups/forget-notice";
import { GroupsTable } from "@/components/groups/groups-table";
import { NoNumbers } from "@/components/groups/no-numbers";
import { Pager } from "@/components/groups/pager";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getGroupFlags } from "@/lib/db/groups-state";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { getGraphClient, type GroupPage } from "@/lib/graph";
import { getBusinessNumbers, resolveNumber } from "@/lib/numbers";
import { type Correction, groupsHref, parseGroupsUrl, withNumber } from "@/lib/url-state/groups";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
  const canCreate = hasRole(user.role, "manager");
  // Links keep the number only when the URL chose one that exists.
  const numberParam = number.id === state.number ? state.number : undefined;

  // The suspension flags come from our own database: read them while Meta answers.
  const flags = getDb().then((db) => getGroupFlags(db, number.id));
  flags.catch(() => {}); // awaited below; an early Graph error must not leave it unhandled
  let page: GroupPage;
  try {
    page = await getGraphClient().listGroups(number.id, { limit: state.limit, after: state.after, before: state.before });
  } catch (error) {
    const problem = toUserFacingError(error);
    if (problem.kind === "invalid-cursor" && (state.after || state.before)) {
      redirect(groupsHref({ number: numberParam, limit: state.limit, notice: "cursor-expired" }));
    }
    return (
      <section className="space-y-6">
        <Heading label={number.label} canCreate={canCreate} numberParam={numberParam} />
        <Corrections corrections={corrections} />
        <Alert
          tone={problem.kind === "auth" ? "warning" : "error"}
          title={problem.title}
          action={
            <Link href={groupsHref({ ...state, number: numberParam })} className={buttonClass("secondary")} prefetch={false}>
              Retry
            </Link>
          }
        >
          {problem.message}
        </Alert>
      </section>
    );
  }

  const reported = await flags;
  const deletedIds = new Set(reported.deleted);
  const suspendedIds = new Set(reported.suspended);
  // A group Meta reported deleted leaves the table at once, even while Meta's list still carries it.
  const groups = page.groups.filter((g) => !deletedIds.has(g.id));
  const suspended = groups.filter((g) => suspendedIds.has(g.id)).map((g) => g.id);
  const pageState = { number: numberParam, limit: state.limit };
  const isFirstPage = !state.after && !state.before;
  return (
    <section className="space-y-6">
      <Heading label={number.label} canCreate={canCreate} numberParam={numberParam} />
      <Corrections corrections={corrections} />
      {state.notice === "cursor-expired" && (
        <Alert tone="info" title="That page link had expired">
          Meta&apos;s page links expire after a while, so the list starts again from the first page.
          <ForgetNotice />
        </Alert>
      )}
      {page.groups.length === 0 && isFirstPage ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
          <h2 className="text-base font-semibold">No groups on this number yet</h2>
          <p className="mt-1 text-sm text-slate-600">
            {canCreate ? "Create the first one; people join it through its invite link." : "A manager can create the first one."}
          </p>
          {canCreate && (
            <Link href={withNumber("/groups/new", numberParam)} className={buttonClass("primary", "mt-6")}>
              Create a group
            </Link>
          )}
        </div>
      ) : (
        <>
          <GroupsTable groups={groups} canManage={canCreate} suspended={suspended} number={numberParam} />
          <Pager
            state={pageState}
            count={page.groups.length}
            previousHref={
              page.hasPrevious && page.cursors.before ? groupsHref({ ...pageState, before: page.cursors.before }) : null
            }
            nextHref={page.hasNext && page.cursors.after ? groupsHref({ ...pageState, after: page.cursors.after }) : null}
            firstHref={isFirstPage ? null : groupsHref(pageState)}
          />
        </>
      )}
    </section>
  );
}

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
