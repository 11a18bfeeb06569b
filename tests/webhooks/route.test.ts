import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/schema";
import type * as WebhookRoute from "@/app/api/webhooks/whatsapp/route";
import { handleDelivery } from "@/lib/webhooks/handle";
import { freshDatabaseUrl } from "../support/db";
import { addRequest, created, delivery, freshDb, getRequest, SECRET, sign } from "./helpers";

// lib/env parses process.env when first imported: configure it before importing the route.
const database = await freshDatabaseUrl();
process.env.DATABASE_URL = database.url;
process.env.WHATSAPP_APP_SECRET = SECRET;
process.env.WHATSAPP_WEBHOOK_VERIFY_TOKEN = "verify-me";

type Route = typeof WebhookRoute;
let route: Route;
let db: Kysely<Database>;
const URL_ = "http://localhost/api/webhooks/whatsapp";

beforeAll(async () => {
  route = await import("@/app/api/webhooks/whatsapp/route");
  db = await (await import("@/lib/db")).getDb();
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

function post(body: string | Buffer, signature: string | null) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["X-Hub-Signature-256"] = signature;
  return new Request(URL_, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
}
const deliveries = () => db.selectFrom("webhook_deliveries").selectAll().orderBy("id").execute();

describe("GET (subscription handshake)", () => {
  it("echoes hub.challenge as text/plain for the right token", async () => {
    const res = route.GET(new Request(`${URL_}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });

  it("answers 403 for a wrong token or mode", () => {
    expect(route.GET(new Request(`${URL_}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope`)).status).toBe(403);
    expect(route.GET(new Request(`${URL_}?hub.mode=other&hub.challenge=1&hub.verify_token=verify-me`)).status).toBe(403);
    expect(route.GET(new Request(URL_)).status).toBe(403);
  });
});

describe("POST", () => {
  it("a signed delivery is stored and applied before the 200", async () => {
    const id = await addRequest(db, { requestId: "route-req-1" });
    const item = created("route-req-1");
    const body = JSON.stringify(delivery("group_lifecycle_update", [item]));
    const res = await route.POST(post(body, sign(body)));
    expect(res.status).toBe(200);
    expect(await getRequest(db, id)).toMatchObject({ status: "created", group_id: item.group_id, invite_link: item.invite_link });
    const last = (await deliveries()).at(-1);
    expect(last).toMatchObject({ body, status: "processed", applied: 1, duplicates: 0, skipped: 0 });

    // Meta retries the same delivery: 200 again, counted as a duplicate, nothing changes.
    const again = await route.POST(post(body, sign(body)));
    expect(again.status).toBe(200);
    expect((await deliveries()).at(-1)).toMatchObject({ status: "processed", applied: 0, duplicates: 1 });
  });

  it("refuses a bad, missing or mis-prefixed signature with 401 and changes nothing", async () => {
    const id = await addRequest(db, { requestId: "route-req-2" });
    const body = JSON.stringify(delivery("group_lifecycle_update", [created("route-req-2")]));
    const before = await deliveries();
    for (const signature of [
      null,
      sign(body, "wrong"),
      sign(body).replace("sha256=", "sha1="),
      sign(body).slice(0, 20),
      sign(body + " "),
    ]) {
      const res = await route.POST(post(body, signature));
      expect(res.status).toBe(401);
    }
    expect(await deliveries()).toEqual(before);
    expect((await getRequest(db, id)).status).toBe("pending");
    expect(await db.selectFrom("webhook_updates").selectAll().where("request_id", "=", "route-req-2").execute()).toEqual([]);
  });

  it("answers 200 to signed but malformed JSON and stores it as failed", async () => {
    const body = '{"object":"whatsapp_business_account","entry":[';
    const res = await route.POST(post(body, sign(body)));
    expect(res.status).toBe(200);
    expect((await deliveries()).at(-1)).toMatchObject({ body, status: "failed", error: "Body is not valid JSON." });
  });

  it("refuses a body over 5 MB with 413 before checking anything else, its signature included", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
    // Unsigned: a 413 (not a 401) shows the size was checked first, without hashing 5 MB for an attacker.
    expect((await route.POST(post(big, null))).status).toBe(413);
    expect((await route.POST(post(big, sign(big)))).status).toBe(413);
  });

  it("answers 503 when the app secret is not configured", async () => {
    const body = "{}";
    const res = await handleDelivery(post(body, sign(body)), { appSecret: undefined, verifyToken: undefined, getDb: freshDb });
    expect(res.status).toBe(503);
  });

  it("answers 500 when the database fails while processing (Meta retries; the retry is idempotent)", async () => {
    const scratch = await freshDb();
    await scratch.schema.dropTable("webhook_updates").execute();
    const body = JSON.stringify(delivery("group_status_update", [{ timestamp: "1", group_id: "G", type: "group_suspend" }]));
    const res = await handleDelivery(post(body, sign(body)), {
      appSecret: SECRET,
      verifyToken: undefined,
      getDb: () => Promise.resolve(scratch),
    });
    expect(res.status).toBe(500);
    expect(await scratch.selectFrom("webhook_deliveries").select(["status"]).execute()).toEqual([{ status: "failed" }]);
    await scratch.destroy();
  });

  it("a signed delivery with one pathologically deep item keeps its valid items and answers 200 on every retry", async () => {
    const requestId = `req-deep-${crypto.randomUUID()}`;
    const id = await addRequest(db, { requestId });
    // Nested 100,000 levels: a recursive walk of it overflows the stack.
    const deep = '{"d":'.repeat(100_000) + "1" + "}".repeat(100_000);
    const poison = `{"timestamp":"1760000000","type":"group_create","request_id":"req-poison","group_id":"G-deep","extra":${deep}}`;
    const body = JSON.stringify(delivery("group_lifecycle_update", [created(requestId)])).replace(
      '"groups":[',
      `"groups":[${poison},`,
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await route.POST(post(body, sign(body)));
      expect(res.status).toBe(200);
    }
    expect(await getRequest(db, id)).toMatchObject({ status: "created" });
    expect((await deliveries()).at(-2)).toMatchObject({ status: "processed", applied: 1, skipped: 1 });
  });

  it("an invite link that is not https://chat.whatsapp.com/… is not stored", async () => {
    const requestId = `req-link-${crypto.randomUUID()}`;
    const id = await addRequest(db, { requestId });
    const body = JSON.stringify(
      delivery("group_lifecycle_update", [created(requestId, { invite_link: "javascript:alert(document.cookie)" })]),
    );
    expect((await route.POST(post(body, sign(body)))).status).toBe(200);
    expect(await getRequest(db, id)).toMatchObject({ status: "created", invite_link: null });
  });

  it("a NUL in a subject from Meta is dropped before it is stored", async () => {
    const requestId = `req-nul-${crypto.randomUUID()}`;
    const id = await addRequest(db, { requestId });
    const body = JSON.stringify(delivery("group_lifecycle_update", [created(requestId, { subject: "Book\u0000 club" })]));
    expect((await route.POST(post(body, sign(body)))).status).toBe(200);
    expect(await getRequest(db, id)).toMatchObject({ status: "created", subject: "Book club" });
  });
});
