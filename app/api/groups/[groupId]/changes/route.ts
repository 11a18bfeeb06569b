import { authorizeRoute } from "@/lib/auth/route";
import { getDb } from "@/lib/db";
import { groupActivitySnapshot } from "@/lib/groups/change-views";
import { isGroupId } from "@/lib/validation/ids";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** GET: the group's recent changes and its newest webhook event, for the group page to follow live. Viewers and up. */
async function handleGET(_request: Request, { params }: { params: Promise<{ groupId: string }> }): Promise<Response> {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;
  const { groupId } = await params;
  if (!isGroupId(groupId)) {
    return Response.json(
      { error: { kind: "invalid-input", message: "That is not a group ID." } },
      { status: 400, headers: NO_STORE },
    );
  }
  return Response.json(await groupActivitySnapshot(await getDb(), groupId), { headers: NO_STORE });
}

export const GET = withRequestLog(handleGET);
