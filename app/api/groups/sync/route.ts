import { authorizeRoute } from "@/lib/auth/route";
import { getDb } from "@/lib/db";
import { getSyncState } from "@/lib/db/group-sync";
import { toSyncStatus } from "@/lib/groups/sync-status";
import { resolveNumber } from "@/lib/numbers";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET ?number=: the number's index status (built? walking, how far?), for the groups page to follow. Viewers and up. */
async function handleGET(request: Request): Promise<Response> {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;
  const number = resolveNumber(new URL(request.url).searchParams.get("number") ?? undefined);
  if (!number) {
    return Response.json({ error: { kind: "invalid-input", message: "Unknown business number." } }, { status: 400 });
  }
  const status = toSyncStatus(await getSyncState(await getDb(), number.id));
  return Response.json(status, { headers: { "Cache-Control": "no-store" } });
}

export const GET = withRequestLog(handleGET);
