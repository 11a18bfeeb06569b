import { authorizeRoute } from "@/lib/auth/route";
import { csvResponse } from "@/lib/csv";
import { getDb } from "@/lib/db";
import { streamIndex } from "@/lib/db/group-index";
import { getSyncState } from "@/lib/db/group-sync";
import { resolveNumber } from "@/lib/numbers";
import { parseGroupsUrl } from "@/lib/url-state/groups";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET ?number=&q=&sort=&dir=: the number's groups (or the current search) as CSV, streamed from the index a batch at
 * a time. Viewers may export. Refused with 409 until the number's index has been built once.
 */
async function handleGET(request: Request): Promise<Response> {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;
  const { state } = parseGroupsUrl(new URL(request.url).searchParams);
  const number = resolveNumber(state.number);
  if (!number || (state.number && number.id !== state.number)) {
    return Response.json({ error: { kind: "invalid-input", message: "Unknown business number." } }, { status: 400 });
  }
  const db = await getDb();
  if (!(await getSyncState(db, number.id))?.last_success_at) {
    return Response.json(
      { error: { kind: "not-ready", message: "The index of this number's groups is still being built. Try again in a minute." } },
      { status: 409 },
    );
  }
  async function* rows() {
    for await (const batch of streamIndex(db, { phoneNumberId: number!.id, q: state.q, sort: state.sort, dir: state.dir })) {
      yield batch.map((g) => [
        g.group_id,
        g.subject,
        g.created_at ?? "",
        g.created_raw,
        g.suspended ? "yes" : "no",
        g.last_seen_at,
      ]);
    }
  }
  const day = new Date().toISOString().slice(0, 10);
  const slug = (text: string) => text.trim().replace(/[\s/\\]+/g, "-");
  const name = `groups-${slug(number.label)}${state.q ? `-${slug(state.q)}` : ""}-${day}.csv`;
  return csvResponse(
    name,
    ["Group ID", "Subject", "Created (UTC)", "Created (as Meta sent it)", "Suspended", "Last seen"],
    rows(),
  );
}

export const GET = withRequestLog(handleGET);
