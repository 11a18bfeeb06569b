export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/health — liveness: the process answers. Public (a load balancer probes it without a session), does no I/O
 * and says nothing about the setup. Whether the instance should get traffic is /api/ready.
 */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
