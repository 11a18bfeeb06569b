import { authorizeRoute } from "@/lib/auth/route";
import { getDb } from "@/lib/db";
import { getCreationRequestsByIds, listCreationRequests } from "@/lib/db/creation-requests";
import { type LiveRequestsResponse, MAX_LIVE_IDS, parseIdsParam } from "@/lib/requests/live";
import { requestViews } from "@/lib/requests/views";
import { reconcilePendingRequests } from "@/lib/webhooks/process";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * Live status of creation requests for the UI's polling: `?ids=1,2,3` (at most 100 row ids) or, without ids, the
 * 50 newest. Viewers and up.
 */
async function handleGET(request: Request): Promise<Response> {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;

  const ids = parseIdsParam(new URL(request.url).searchParams.get("ids"));
  if (ids === null) {
    return Response.json(
      { error: { kind: "invalid-input", message: `ids must be up to ${MAX_LIVE_IDS} comma-separated request ids.` } },
      { status: 400, headers: NO_STORE },
    );
  }
  const db = await getDb();
  const load = async () => (ids ? getCreationRequestsByIds(db, ids) : (await listCreationRequests(db, { limit: 50 })).rows);
  let rows = await load();

  // Safety net for a lifecycle webhook that arrived before the create call returned and was not applied then.
  const waiting = rows.flatMap((r) => (r.status === "pending" && r.request_id ? [r.request_id] : []));
  if (waiting.length > 0 && (await reconcilePendingRequests(db, waiting)) > 0) {
    rows = await load();
  }

  const body: LiveRequestsResponse = { requests: requestViews(rows) };
  return Response.json(body, { headers: NO_STORE });
}

export const GET = withRequestLog(handleGET);
