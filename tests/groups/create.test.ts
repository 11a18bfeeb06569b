import { type Kysely, type KyselyPlugin, UpdateQueryNode } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/schema";
import { GraphError } from "@/lib/graph";
import { createGroupRequest, type CreateGroupDeps } from "@/lib/groups/create";
import type { CreateGroupValues } from "@/lib/validation/create-group";
import { processDelivery } from "@/lib/webhooks/process";
import { eventually, PHONE, type TestEmulator } from "../graph/support";
import { created, delivery, emulatorWithDeliveries, freshDb } from "../webhooks/helpers";

const MANAGER = { id: "2", email: "manager@example.com", role: "manager" };
const OTHER = { id: "3", email: "other@example.com", role: "manager" };
const numbers = [{ id: PHONE }];

const values = (over: Partial<CreateGroupValues> = {}): CreateGroupValues => ({
  phoneNumberId: PHONE,
  subject: "Lisbon runners",
  description: undefined,
  joinApprovalMode: "auto_approve",
  idempotencyKey: crypto.randomUUID(),
  ...over,
});

/** Throws on the first UPDATE of creation_requests: the database failing right after Meta's answer. */
function failFirstUpdate(): KyselyPlugin {
  let failed = false;
  return {
    transformQuery({ node }) {
      if (!failed && UpdateQueryNode.is(node)) {
        failed = true;
        throw new Error("database is unavailable");
      }
      return node;
    },
    transformResult({ result }) {
      return Promise.resolve(result);
    },
  };
}

describe("creating a group: one request per idempotency key, and honest outcomes", () => {
  let emulator: TestEmulator;
  let db: Kysely<Database>;
  let webhookUrl: string;
  let deps: (over?: Partial<CreateGroupDeps>) => CreateGroupDeps;

  emulatorWithDeliveries(
    () => db,
    (started, url) => {
      emulator = started;
      webhookUrl = url;
    },
  );
  beforeEach(async () => {
    await emulator.reset({ seedGroups: 0 });
    await emulator.control.config({ createDelayMs: 0, webhookUrl });
    db = await freshDb();
    const graph = emulator.client({ timeoutMs: 300 });
    deps = (over = {}) => ({ db, graph, user: MANAGER, numbers, ...over });
  });
  afterEach(async () => {
    await db.destroy();
  });

  const creates = async () => (await emulator.calls()).filter((c) => c.method === "POST" && /\/groups$/.test(c.path));
  const row = (id: number) => db.selectFrom("creation_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("the same key twice makes one POST and answers the same request ID", async () => {
    const input = values();
    const first = await createGroupRequest(deps(), input);
    const second = await createGroupRequest(deps(), input);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.data.requestId).toBe(first.data.requestId);
    expect([first.data.answer, second.data.answer]).toEqual(["sent", "earlier-attempt"]);
    expect(await creates()).toHaveLength(1);
  });

  it("another user's key is refused and nothing is sent", async () => {
    const input = values();
    await createGroupRequest(deps(), input);
    const theirs = await createGroupRequest(deps({ user: OTHER }), input);
    expect(theirs).toMatchObject({ ok: false, title: "The form is out of date" });
    expect(await creates()).toHaveLength(1);
  });

  it("a number this dashboard does not serve is refused before Meta is called", async () => {
    const result = await createGroupRequest(deps(), values({ phoneNumberId: "106540352242923" }));
    expect(result).toMatchObject({ ok: false, kind: "invalid-input", fieldErrors: { phoneNumberId: [expect.any(String)] } });
    expect(await creates()).toHaveLength(0);
  });

  it("a 400 from Meta is rejected: nothing was made, and the row says why", async () => {
    await emulator.fault({
      method: "POST",
      path: "/*/groups",
      times: 1,
      error: { status: 400, code: 131215, message: "Not eligible" },
    });
    const result = await createGroupRequest(deps(), values());
    expect(result).toMatchObject({ ok: false, kind: "not-eligible" });
    const rows = await db.selectFrom("creation_requests").selectAll().execute();
    expect(rows).toMatchObject([{ status: "rejected", error_code: 131215, request_id: null }]);
  });

  it("a timeout is unconfirmed, and the group_create that arrives later settles it without a second group", async () => {
    await emulator.fault({ method: "POST", path: "/*/groups", times: 1, latencyMs: 800 });
    const input = values();
    const first = await createGroupRequest(deps(), input);
    expect(first).toMatchObject({ ok: false, kind: "unconfirmed", title: "Meta did not answer in time" });
    const { id } = await db.selectFrom("creation_requests").select("id").executeTakeFirstOrThrow();

    // Meta made it anyway: its webhook arrives and is matched by number and subject.
    const settled = await eventually(async () => {
      const r = await row(id);
      return r.status === "created" ? r : undefined;
    });
    expect(settled).toMatchObject({ confirmed_late: 1, subject: "Lisbon runners" });
    expect(settled.request_id).toMatch(/\S/);
    expect(settled.invite_link).toMatch(/^https:\/\/chat\.whatsapp\.com\//);

    // The form kept its key: submitting again answers the first attempt and sends nothing.
    const again = await createGroupRequest(deps(), input);
    expect(again).toMatchObject({ ok: true, data: { requestId: settled.request_id, answer: "confirmed-late" } });
    expect(await creates()).toHaveLength(1);
  });

  it("a timeout whose webhook is already here is matched at once", async () => {
    const input = values({ subject: "Porto walkers" });
    const early = created("REQ-EARLY", { subject: "Porto walkers" });
    // The create call times out; meanwhile its webhook (with a request ID nobody knows yet) has arrived.
    const graph = {
      createGroup: async () => {
        await processDelivery(db, delivery("group_lifecycle_update", [early]));
        throw new GraphError({ kind: "timeout", message: "timed out" });
      },
    };
    const result = await createGroupRequest(deps({ graph }), input);
    expect(result).toMatchObject({ ok: true, data: { requestId: "REQ-EARLY", answer: "confirmed-late" } });
    expect(await db.selectFrom("creation_requests").select(["status", "group_id"]).execute()).toEqual([
      { status: "created", group_id: early.group_id },
    ]);
  });

  it("two unconfirmed requests with the same subject are not guessed between", async () => {
    const graph = {
      createGroup: () => Promise.reject(new GraphError({ kind: "network", message: "socket hang up" })),
    };
    await createGroupRequest(deps({ graph }), values({ subject: "Twins" }));
    await createGroupRequest(deps({ graph }), values({ subject: "Twins" }));
    await processDelivery(db, delivery("group_lifecycle_update", [created("REQ-TWIN", { subject: "Twins" })]));
    const rows = await db.selectFrom("creation_requests").select(["status", "request_id"]).execute();
    expect(rows).toEqual([
      { status: "unconfirmed", request_id: null },
      { status: "unconfirmed", request_id: null },
    ]);
  });

  it("a database failure after Meta's 200 is unconfirmed with Meta's request ID, never rejected", async () => {
    const input = values();
    const result = await createGroupRequest(deps({ db: db.withPlugin(failFirstUpdate()) }), input);
    expect(result).toMatchObject({ ok: false, kind: "unconfirmed" });
    const [stored] = await db.selectFrom("creation_requests").selectAll().execute();
    expect(stored).toMatchObject({ status: "unconfirmed" });
    expect(stored?.request_id).toMatch(/\S/);
    expect(result.ok === false && result.message).toContain(stored!.request_id!);

    const again = await createGroupRequest(deps(), input);
    expect(again).toMatchObject({ ok: true, data: { requestId: stored!.request_id, answer: "earlier-attempt" } });
    expect(await creates()).toHaveLength(1);
  });

  it("a lifecycle webhook that beats Meta's answer is applied as soon as the answer is recorded", async () => {
    const real = emulator.client();
    const graph = {
      createGroup: async (...args: Parameters<typeof real.createGroup>) => {
        const answer = await real.createGroup(...args);
        await processDelivery(db, delivery("group_lifecycle_update", [created(answer.requestId, { subject: args[1].subject })]));
        return answer;
      },
    };
    await emulator.control.config({ webhookUrl: null });
    const result = await createGroupRequest(deps({ graph }), values());
    expect(result.ok).toBe(true);
    expect(await db.selectFrom("creation_requests").select("status").execute()).toEqual([{ status: "created" }]);
  });
});
