import type { Metadata } from "next";
import Link from "next/link";
import { ActivityList } from "@/components/activity/activity-list";
import { buttonClass } from "@/components/ui/button";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS } from "@/lib/audit/actions";
import { activityViews } from "@/lib/audit/views";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { auditActors, listAudit } from "@/lib/db/audit";
import { env } from "@/lib/env";
import { getBusinessNumbers } from "@/lib/numbers";
import { activityFilters, activityHref, parseActivityUrl } from "@/lib/url-state/activity";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "Activity" };

const PAGE = 50;

export default withRequestLog(ActivityPage);

/** Who did what, when, and what Meta made of it. Managers and admins. */
async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = parseActivityUrl(await searchParams);
  await requirePageUser("manager", activityHref(state));
  const db = await getDb();
  const [page, actors] = await Promise.all([
    listAudit(db, activityFilters(state), { before: state.before, limit: PAGE }),
    auditActors(db),
  ]);
  const entries = await activityViews(db, page.rows);
  const filtered = state.person || state.action || state.number || state.group || state.from || state.to;
  const select = "block min-h-11 w-full rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm sm:min-h-0";
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Activity</h1>
          <p className="text-sm text-slate-600">
            Every change made through this dashboard, who made it and what Meta made of it, newest first.
            {env.AUDIT_RETENTION_DAYS > 0 ? ` Kept for ${env.AUDIT_RETENTION_DAYS} days.` : " Kept for good."}
          </p>
        </div>
        <a
          href={activityHref({ ...state, before: undefined }, "/api/activity/export")}
          download
          className={buttonClass("secondary")}
        >
          Export CSV
        </a>
      </div>
      <form
        method="get"
        action="/activity"
        className="grid gap-3 rounded-xl border border-slate-200 bg-surface p-4 sm:grid-cols-3 lg:grid-cols-6"
        aria-label="Filters"
      >
        <label className="space-y-1 text-xs font-medium text-slate-700">
          Person
          <select name="person" defaultValue={state.person ?? ""} className={select}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-xs font-medium text-slate-700">
          Action
          <select name="action" defaultValue={state.action ?? ""} className={select}>
            <option value="">Any</option>
            {AUDIT_ACTION_NAMES.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTIONS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-xs font-medium text-slate-700">
          Number
          <select name="number" defaultValue={state.number ?? ""} className={select}>
            <option value="">Any</option>
            {getBusinessNumbers().map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-xs font-medium text-slate-700">
          Group ID
          <input name="group" defaultValue={state.group ?? ""} className={select} autoComplete="off" />
        </label>
        <label className="space-y-1 text-xs font-medium text-slate-700">
          From
          <input type="date" name="from" defaultValue={state.from ?? ""} className={select} />
        </label>
        <label className="space-y-1 text-xs font-medium text-slate-700">
          To
          <input type="date" name="to" defaultValue={state.to ?? ""} className={select} />
        </label>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className={buttonClass("primary")}>
            Apply filters
          </button>
          {filtered && (
            <Link href="/activity" className={buttonClass("ghost")}>
              Clear
            </Link>
          )}
        </div>
      </form>
      {entries.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-surface px-6 py-16 text-center">
          <h2 className="text-base font-semibold">{filtered ? "Nothing matches these filters" : "Nothing recorded yet"}</h2>
          <p className="mt-1 text-sm text-slate-600">Changes, their outcomes and sign-ins appear here as they happen.</p>
        </div>
      ) : (
        <ActivityList entries={entries} />
      )}
      <nav aria-label="Activity pages" className="flex justify-end gap-2">
        {state.before && (
          <Link href={activityHref({ ...state, before: undefined })} className={buttonClass("ghost")}>
            Newest
          </Link>
        )}
        {page.nextBefore && (
          <Link href={activityHref({ ...state, before: page.nextBefore })} className={buttonClass("secondary")}>
            Older entries
          </Link>
        )}
      </nav>
    </section>
  );
}
