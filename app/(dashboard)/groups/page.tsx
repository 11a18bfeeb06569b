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
import { firstParams, groupsHref, groupsQuerySchema } from "@/lib/groups-query";
import { getBusinessNumbers, resolveNumber } from "@/lib/numbers";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = firstParams(await searchParams);
  const user = await requirePageUser("viewer", groupsHref({ ...raw, limit: Number(raw.limit) || undefined }));
  const query = groupsQuerySchema.parse(raw);
  const number = resolveNumber(query.number);
  if (!number) return <NoNumbers unknown={query.number} known={getBusinessNumbers().length > 0} />;
  const canCreate = hasRole(user.role, "manager");

  // The suspension flags come from our own database: read them while Meta answers.
  const flags = getDb().then((db) => getGroupFlags(db, number.id));
  flags.catch(() => {}); // awaited below; an early Graph error must not leave it unhandled
  let page: GroupPage;
  try {
    page = await getGraphClient().listGroups(number.id, {
      limit: query.limit,
      after: query.after,
      before: query.after ? undefined : query.before,
    });
  } catch (error) {
    const problem = toUserFacingError(error);
    if (problem.kind === "invalid-cursor" && (query.after || query.before)) {
      redirect(groupsHref({ number: query.number, limit: query.limit, notice: "cursor-expired" }));
    }
    return (
      <section className="space-y-6">
        <Heading label={number.label} canCreate={canCreate} numberParam={query.number} />
        <Alert
          tone={problem.kind === "auth" ? "warning" : "error"}
          title={problem.title}
          action={
            <Link
              href={groupsHref({ number: query.number, limit: query.limit, after: query.after, before: query.before })}
              className={buttonClass("secondary")}
              prefetch={false}
            >
              Retry
            </Link>
          }
        >
          {problem.message}
        </Alert>
      </section>
    );
  }

  const suspendedIds = new Set((await flags).suspended);
  const suspended = page.groups.filter((g) => suspendedIds.has(g.id)).map((g) => g.id);
  const pageState = { number: query.number, limit: query.limit };
  const isFirstPage = !query.after && !query.before;
  return (
    <section className="space-y-6">
      <Heading label={number.label} canCreate={canCreate} numberParam={query.number} />
      {query.notice === "cursor-expired" && (
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
            <Link
              href={query.number ? `/groups/new?number=${query.number}` : "/groups/new"}
              className={buttonClass("primary", "mt-6")}
            >
              Create a group
            </Link>
          )}
        </div>
      ) : (
        <>
          <GroupsTable groups={page.groups} canManage={canCreate} suspended={suspended} />
          <Pager
            limit={query.limit}
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
        <Link href={numberParam ? `/groups/new?number=${numberParam}` : "/groups/new"} className={buttonClass("primary")}>
          New group
        </Link>
      )}
    </div>
  );
}
