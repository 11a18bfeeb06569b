import { readiness } from "@/lib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/ready — readiness: 200 when the database answers and is fully migrated, 503 with the reason otherwise
 * (also while the server is stopping, so the load balancer drains it). Public, no Graph call, no secret.
 */
export async function GET(): Promise<Response> {
  const state = await readiness();
  return Response.json(state.ready ? { status: "ready" } : { status: "not-ready", reason: state.reason }, {
    status: state.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
