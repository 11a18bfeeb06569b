import { authorizeRoute } from "@/lib/auth/route";
import { getDb } from "@/lib/db";
import { getGroupFlags } from "@/lib/db/groups-state";
import { resolveNumber } from "@/lib/numbers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export interface GroupsStatusResponse {
  /** groups the webhooks reported suspended and not since cleared */
  suspended: string[];
  /** groups the webhooks reported deleted */
  deleted: string[];
}

/** `?number=<phone number ID>` → which of its groups are suspended or deleted, from the webhooks. Viewers and up. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;

  const requested = new URL(request.url).searchParams.get("number");
  const number = requested ? resolveNumber(requested) : null;
  if (!number) {
    return Response.json(
      { error: { kind: "invalid-input", message: "number must be one of this dashboard's business numbers." } },
      { status: 400, headers: NO_STORE },
    );
  }
  const body: GroupsStatusResponse = await getGroupFlags(await getDb(), number.id);
  return Response.json(body, { headers: NO_STORE });
}
