import { describeActivity } from "@/lib/audit/sentences";
import { activityViews } from "@/lib/audit/views";
import { authorizeRoute } from "@/lib/auth/route";
import { csvResponse } from "@/lib/csv";
import { getDb } from "@/lib/db";
import { streamAudit } from "@/lib/db/audit";
import { activityFilters, parseActivityUrl } from "@/lib/url-state/activity";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET with the activity page's filters: the matching entries as CSV, streamed a thousand at a time. Managers. */
async function handleGET(request: Request): Promise<Response> {
  const auth = await authorizeRoute("manager");
  if (auth.denied) return auth.denied;
  const state = parseActivityUrl(new URL(request.url).searchParams);
  const db = await getDb();
  async function* rows() {
    for await (const batch of streamAudit(db, activityFilters(state))) {
      yield (await activityViews(db, batch)).map((e) => [
        e.at,
        e.actor?.email ?? "Meta",
        e.actor?.role ?? "",
        e.action,
        e.outcome,
        describeActivity(e),
        e.number ?? "",
        e.groupSubject ?? "",
        e.groupId ?? "",
        e.requestId ?? "",
        e.targetUser ?? "",
        e.errorCode ?? "",
        e.errorMessage ?? "",
        e.clientIp ?? "",
        e.settlesId ?? "",
        String(e.id),
      ]);
    }
  }
  const header = [
    "When (UTC)",
    "Who",
    "Role",
    "Action",
    "Outcome",
    "What happened",
    "Number",
    "Group",
    "Group ID",
    "Request ID",
    "User",
    "Meta code",
    "Meta's message",
    "Client address",
    "Settles entry",
    "Entry",
  ];
  return csvResponse(`activity-${new Date().toISOString().slice(0, 10)}.csv`, header, rows());
}

export const GET = withRequestLog(handleGET);
