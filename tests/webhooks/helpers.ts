import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Insertable, Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/lib/db/schema";
import { processDelivery } from "@/lib/webhooks/process";
import { type WebhookField, webhookEnvelope } from "../../emulator/webhooks";
import { startTestEmulator, type TestEmulator } from "../graph/support";

export { freshDb } from "../support/db";

export const PHONE = "106540352242922";
export const SECRET = "test-app-secret";

export function sign(body: string | Buffer, secret = SECRET): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

/** A creation_requests row as the create action leaves it once Meta answered; `overrides` change any column. */
export function requestRow(overrides: Partial<Insertable<Database["creation_requests"]>> = {}) {
  const now = new Date().toISOString();
  return {
    idempotency_key: crypto.randomUUID(),
    request_id: `req-${crypto.randomUUID()}`,
    phone_number_id: PHONE,
    subject: "Book club",
    description: null,
    join_approval_mode: "auto_approve" as const,
    status: "pending" as const,
    created_by: "manager@example.com",
    created_at: now,
    updated_at: now,
    group_id: null,
    invite_link: null,
    error_code: null,
    error_message: null,
    ...overrides,
  };
}

/** A creation request as the create action leaves it: pending with Meta's request ID, or still submitting. */
export async function addRequest(
  db: Kysely<Database>,
  opts: { requestId?: string | null; subject?: string; status?: Database["creation_requests"]["status"] } = {},
): Promise<number> {
  const row = await db
    .insertInto("creation_requests")
    .values(
      requestRow({
        ...(opts.requestId !== undefined ? { request_id: opts.requestId } : {}),
        ...(opts.subject ? { subject: opts.subject } : {}),
        status: opts.status ?? (opts.requestId === null ? "submitting" : "pending"),
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export function getRequest(db: Kysely<Database>, id: number) {
  return db.selectFrom("creation_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function delivery(field: WebhookField, groups: unknown[], phoneNumberId = PHONE) {
  return webhookEnvelope(field, phoneNumberId, groups);
}

let seq = 0;
export function created(requestId: string, over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    timestamp: String(1_760_000_000 + seq),
    group_id: `Y2FwaV9ncm91cDox${seq}`,
    type: "group_create",
    request_id: requestId,
    subject: "Book club",
    invite_link: `https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStU${seq % 10}`,
    join_approval_mode: "auto_approve",
    ...over,
  };
}

export function createFailed(requestId: string, error: Record<string, unknown> = {}) {
  return {
    timestamp: "1760000100",
    type: "group_create",
    request_id: requestId,
    subject: "Doomed",
    description: "d",
    errors: [
      { code: 131215, message: "Number not eligible", title: "Not eligible", error_data: { details: "Not an OBA" }, ...error },
    ],
  };
}

interface DeliveryReceiver {
  /** where the emulator should post its webhooks */
  url: string;
  close(): Promise<void>;
}

/**
 * A local endpoint that feeds every webhook it is sent straight into the dashboard's processing, as the webhook route
 * does (no signature check). `getDb` is asked per delivery, so each lands in the database of the test running then.
 */
async function startDeliveryReceiver(getDb: () => Kysely<Database>): Promise<DeliveryReceiver> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      // A webhook of the previous test may land after its database is gone: that one is dropped.
      void processDelivery(getDb(), JSON.parse(body))
        .catch(() => undefined)
        .finally(() => res.end("ok"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * For a describe block whose code calls the emulator and must see its webhooks: one in-process emulator and one
 * receiver feeding its webhooks into `getDb()`'s database, started before the block's tests and closed after them.
 * `started` hands them over; each test's beforeEach resets the emulator and points it at `webhookUrl` as it needs.
 */
export function emulatorWithDeliveries(
  getDb: () => Kysely<Database>,
  started: (emulator: TestEmulator, webhookUrl: string) => void,
): void {
  let emulator: TestEmulator | undefined;
  let receiver: DeliveryReceiver | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator(0);
    receiver = await startDeliveryReceiver(getDb);
    started(emulator, receiver.url);
  });
  afterAll(async () => {
    await receiver?.close();
    await emulator?.close();
  });
}
