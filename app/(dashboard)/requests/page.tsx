import type { Metadata } from "next";
import Link from "next/link";
import { QueryProvider } from "@/components/providers/query-provider";
import { LiveRequests } from "@/components/requests/live-requests";
import { buttonClass } from "@/components/ui/button";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listCreationRequests } from "@/lib/db/creation-requests";
import { requestViews } from "@/lib/requests/views";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "Requests" };

const PAGE = 50;

export default withRequestLog(RequestsPage);

async function RequestsPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const user = await requirePageUser("viewer", "/requests");
  const raw = (await searchParams).before;
  const before = Number(Array.isArray(raw) ? raw[0] : raw);
  const page = await listCreationRequests(await getDb(), {
    limit: PAGE,
    before: Number.isInteger(before) && before > 0 ? before : undefined,
  });
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Creation requests</h1>
          <p className="text-sm text-slate-600">Every group created from this dashboard, newest first.</p>
        </div>
        {hasRole(user.role, "manager") && (
          <Link href="/groups/new" className={buttonClass("primary")}>
            New group
          </Link>
        )}
      </div>
      {page.rows.length === 0 && !raw ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-surface px-6 py-16 text-center">
          <h2 className="text-base font-semibold">No requests yet</h2>
          <p className="mt-1 text-sm text-slate-600">Groups created here are listed with their request ID and status.</p>
        </div>
      ) : (
        <>
          <QueryProvider>
            <LiveRequests initialRows={requestViews(page.rows)} />
          </QueryProvider>
          <div className="flex justify-end gap-2">
            {raw && (
              <Link href="/requests" className={buttonClass("ghost")}>
                Newest
              </Link>
            )}
            {page.nextBefore && (
              <Link href={`/requests?before=${page.nextBefore}`} className={buttonClass("secondary")}>
                Older requests
              </Link>
            )}
          </div>
        </>
      )}
    </section>
  );
}
