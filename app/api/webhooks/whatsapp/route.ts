// Meta's webhook callback. Public by design: no session is checked here. A GET must carry our verify token, and
// every POST is authenticated by its X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret), checked
// in constant time before the body is parsed. proxy.ts leaves /api/webhooks alone for the same reason.
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { handleDelivery, handleVerification } from "@/lib/webhooks/handle";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  return handleVerification(request, { verifyToken: env.WHATSAPP_WEBHOOK_VERIFY_TOKEN });
}

export const POST = withRequestLog((request: Request): Promise<Response> =>
  handleDelivery(request, { appSecret: env.WHATSAPP_APP_SECRET, verifyToken: env.WHATSAPP_WEBHOOK_VERIFY_TOKEN, getDb }),
);
