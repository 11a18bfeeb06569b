import "server-only";
import { logger } from "@/lib/log";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { finishDelivery, recordDelivery } from "@/lib/db/webhooks";
import { readBodyCapped } from "@/lib/http/body";
import { processDelivery } from "./process";
import { verifyChallenge, verifySignature } from "./signature";

/**
 * The webhook endpoint's logic, free of Next.js and of lib/env so tests can drive it with a plain Request.
 * The route passes the configuration in.
 */
export interface WebhookConfig {
  appSecret: string | undefined;
  verifyToken: string | undefined;
  getDb: () => Promise<Kysely<Database>>;
}

const NO_STORE = { "Cache-Control": "no-store" };
/** Meta sends at most 1000 updates a delivery, far below this. */
const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;

export function handleVerification(request: Request, config: Pick<WebhookConfig, "verifyToken">): Response {
  const challenge = verifyChallenge(new URL(request.url).searchParams, config.verifyToken);
  if (challenge === null)
    return new Response("Forbidden", { status: 403, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(challenge, {
    status: 200,
    headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}

export async function handleDelivery(request: Request, config: WebhookConfig): Promise<Response> {
  if (!config.appSecret) {
    logger.error("Webhook refused: WHATSAPP_APP_SECRET is not set, so deliveries cannot be verified.");
    return json(503, { error: "not_configured" });
  }
  const raw = await readBodyCapped(request, MAX_WEBHOOK_BODY_BYTES);
  if (raw === null) return json(413, { error: "too_large" });
  if (!verifySignature(raw, request.headers.get("x-hub-signature-256"), config.appSecret)) {
    logger.warn("Webhook refused: missing or invalid X-Hub-Signature-256.");
    return json(401, { error: "invalid_signature" });
  }

  const db = await config.getDb();
  const deliveryId = await recordDelivery(db, raw.toString("utf8"));

  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    // Signed by Meta but unreadable: answering anything but 200 would only make Meta retry it for days.
    logger.warn({ deliveryId }, "Webhook delivery: body is not JSON; stored as failed.");
    await finishDelivery(db, deliveryId, { status: "failed", error: "Body is not valid JSON." });
    return json(200, { ok: true });
  }

  try {
    const counts = await processDelivery(db, payload, { deliveryId });
    await finishDelivery(db, deliveryId, { status: "processed", counts });
    return json(200, { ok: true });
  } catch (error) {
    // A database problem: the raw delivery is stored; a non-200 makes Meta retry, and the retry is idempotent.
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ deliveryId, err: error }, `Webhook delivery: processing failed: ${reason}`);
    await finishDelivery(db, deliveryId, { status: "failed", error: reason }).catch(() => undefined);
    return json(500, { error: "processing_failed" });
  }
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: NO_STORE });
}
