import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { markSubmitted } from "@/lib/db/creation-requests";
import { getGroupFlags, getGroupState } from "@/lib/db/groups-state";
import type { Database } from "@/lib/db/schema";
import { logger } from "@/lib/log";
import { applyPendingUpdatesFor, describeCreateFailure, processDelivery, reconcilePendingRequests } from "@/lib/webhooks/process";
import { addRequest, createFailed, created, delivery, freshDb, getRequest, PHONE, requestRow } from "./helpers";

let db: Kysely<Database>;
beforeEach(async () => {
  db = await freshDb();
  vi.spyOn(logger, "warn");
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.destroy();
});

async function snapshot() {
  return {
    requests: await db.selectFrom("creation_requests").selectAll().orderBy("id").execute(),
    groups: await db.selectFrom("groups_state").selectAll().orderBy("group_id").execute(),
    updates: await db.selectFrom("webhook_updates").select(["dedupe_key", "applied", "applied_at"]).orderBy("id").execute(),
  };
}

describe("group_create", () => {
  it("success: the request becomes created with the group, its invite link and subject; groups_state gets the group", async () => {
    const id = await addRequest(db, { requestId: "req-1", subject: "Draft name" });
    const item = created("req-1", { subject: "Book club" });
    const counts = await processDelivery(db, delivery("group_lifecycle_update", [item]));
    expect(counts).toEqual({ applied: 1, duplicates: 0, pending: 0, skipped: 0 });
    const row = await getRequest(db, id);
    expect(row).toMatchObject({
      status: "created",
      group_id: item.group_id,
      invite_link: item.invite_link,
      subject: "Book club",
      error_message: null,
    });
    expect(await getGroupState(db, item.group_id)).toMatchObject({
      phone_number_id: PHONE,
      subject: "Book club",
      invite_link: item.invite_link,
      suspended: 0,
      deleted: 0,
    });
  });

  it("failure: the request becomes failed with Meta's code and a readable sentence", async () => {
    const id = await addRequest(db, { requestId: "req-f" });
    const counts = await processDelivery(db, delivery("group_lifecycle_update", [createFailed("req-f")]));
    expect(counts.applied).toBe(1);
    const row = await getRequest(db, id);
    expect(row.status).toBe("failed");
    expect(row.error_code).toBe(131215);
    expect(row.error_message).toBe("Meta could not create the group: Not eligible. Not an OBA.");
    expect(row.group_id).toBeNull();
  });

  it("describeCreateFailure copes with partial error objects", () => {
    expect(describeCreateFailure([{ code: 1, title: "Too many groups.", message: undefined, error_data: undefined }])).toBe(
      "Meta could not create the group: Too many groups.",
    );
    expect(describeCreateFailure([{ code: null, title: undefined, message: "Something broke", error_data: null }])).toBe(
      "Meta could not create the group: Something broke.",
    );
    expect(
      describeCreateFailure([{ code: null, title: "Limit", message: "Creation limit reached", error_data: undefined }]),
    ).toBe("Meta could not create the group: Limit. Creation limit reached.");
    expect(describeCreateFailure([])).toBe("Meta could not create the group.");
  });
});

describe("idempotency", () => {
  it("a repeated delivery changes nothing the second time", async () => {
    const a = await addRequest(db, { requestId: "req-a" });
    await addRequest(db, { requestId: "req-b" });
    const payload = delivery("group_lifecycle_update", [created("req-a"), createFailed("req-b")]);
    expect(await processDelivery(db, payload)).toEqual({ applied: 2, duplicates: 0, pending: 0, skipped: 0 });
    const first = await snapshot();

    // Someone edits the row in between: a replay must not overwrite it.
    await db
      .updateTable("creation_requests")
      .set({ invite_link: "https://chat.whatsapp.com/ResetLinkResetLinkReset" })
      .where("id", "=", a)
      .execute();
    const edited = await snapshot();
    // Key order differs in the retry: the dedupe key uses canonical JSON.
    const reordered = JSON.parse(JSON.stringify(payload), (_k, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as unknown;
    expect(await processDelivery(db, reordered)).toEqual({ applied: 0, duplicates: 2, pending: 0, skipped: 0 });
    expect(await processDelivery(db, payload, { now: new Date(Date.now() + 60_000) })).toEqual({
      applied: 0,
      duplicates: 2,
      pending: 0,
      skipped: 0,
    });
    expect(await snapshot()).toEqual(edited);
    expect(first.updates).toHaveLength(2);
  });

  it("the same update twice in one delivery counts once", async () => {
    await addRequest(db, { requestId: "req-x" });
    const item = created("req-x");
    expect(await processDelivery(db, delivery("group_lifecycle_update", [item, { ...item }]))).toEqual({
      applied: 1,
      duplicates: 1,
      pending: 0,
      skipped: 0,
    });
  });
});

describe("out of order", () => {
  it("a webhook that beats the create call waits, then applyPendingUpdatesFor applies it", async () => {
    const id = await addRequest(db, { requestId: null }); // still submitting: no request_id yet
    const item = created("req-early");
    expect(await processDelivery(db, delivery("group_lifecycle_update", [item]))).toEqual({
      applied: 0,
      duplicates: 0,
      pending: 1,
      skipped: 0,
    });
    expect((await getRequest(db, id)).status).toBe("submitting");
    // the group itself is known already
    expect(await getGroupState(db, item.group_id)).toMatchObject({ invite_link: item.invite_link });
    const waiting = await db
      .selectFrom("webhook_updates")
      .selectAll()
      .where("request_id", "=", "req-early")
      .executeTakeFirstOrThrow();
    expect(waiting.applied).toBe(0);

    // what the create action does once Meta answers
    await markSubmitted(db, id, "req-early");
    expect(await applyPendingUpdatesFor(db, "req-early")).toBe(1);
    expect(await getRequest(db, id)).toMatchObject({ status: "created", group_id: item.group_id, invite_link: item.invite_link });
    const after = await db
      .selectFrom("webhook_updates")
      .selectAll()
      .where("request_id", "=", "req-early")
      .executeTakeFirstOrThrow();
    expect(after.applied).toBe(1);
    expect(after.applied_at).not.toBeNull();

    // calling it again, or replaying the delivery, changes nothing
    expect(await applyPendingUpdatesFor(db, "req-early")).toBe(0);
    expect(await processDelivery(db, delivery("group_lifecycle_update", [item]))).toMatchObject({ duplicates: 1, applied: 0 });
  });

  it("an early failure is applied the same way; unknown request IDs are a no-op", async () => {
    const id = await addRequest(db, { requestId: null });
    await processDelivery(db, delivery("group_lifecycle_update", [createFailed("req-early-f")]));
    expect(await applyPendingUpdatesFor(db, "req-nobody")).toBe(0);
    expect(await applyPendingUpdatesFor(db, "req-early-f")).toBe(0); // no row carries it yet
    await markSubmitted(db, id, "req-early-f");
    expect(await applyPendingUpdatesFor(db, "req-early-f")).toBe(1);
    expect(await getRequest(db, id)).toMatchObject({ status: "failed", error_code: 131215 });
  });

  it("reconcilePendingRequests (the polling route's safety net) settles what was left waiting", async () => {
    const id = await addRequest(db, { requestId: null });
    await processDelivery(db, delivery("group_lifecycle_update", [created("req-late")]));
    await markSubmitted(db, id, "req-late"); // the action crashed before applyPendingUpdatesFor
    expect(await reconcilePendingRequests(db, ["req-late", "req-other"])).toBe(1);
    expect((await getRequest(db, id)).status).toBe("created");
  });
});

describe("never backwards", () => {
  it("a created request stays created: a later failure or markSubmitted does not move it", async () => {
    const id = await addRequest(db, { requestId: "req-c" });
    const item = created("req-c");
    await processDelivery(db, delivery("group_lifecycle_update", [item]));
    await processDelivery(db, delivery("group_lifecycle_update", [createFailed("req-c")]));
    expect(await getRequest(db, id)).toMatchObject({ status: "created", group_id: item.group_id, error_message: null });
    await markSubmitted(db, id, "req-c");
    expect((await getRequest(db, id)).status).toBe("created");
  });

  it("a failed request is not turned into created by a contradicting update", async () => {
    const id = await addRequest(db, { requestId: "req-ff" });
    await processDelivery(db, delivery("group_lifecycle_update", [createFailed("req-ff")]));
    await processDelivery(db, delivery("group_lifecycle_update", [created("req-ff")]));
    expect((await getRequest(db, id)).status).toBe("failed");
  });
});

describe("group_delete", () => {
  it("marks the group deleted and its creation request deleted; a failed delete changes nothing", async () => {
    const id = await addRequest(db, { requestId: "req-d" });
    const item = created("req-d");
    await processDelivery(db, delivery("group_lifecycle_update", [item]));
    const failedDelete = {
      timestamp: "1760000500",
      group_id: item.group_id,
      type: "group_delete",
      request_id: "del-1",
      errors: [{ code: 131207, title: "Group suspended" }],
    };
    await processDelivery(db, delivery("group_lifecycle_update", [failedDelete]));
    expect((await getRequest(db, id)).status).toBe("created");
    expect((await getGroupState(db, item.group_id))?.deleted).toBe(0);

    await processDelivery(
      db,
      delivery("group_lifecycle_update", [
        { timestamp: "1760000600", group_id: item.group_id, type: "group_delete", request_id: "del-2" },
      ]),
    );
    expect(await getRequest(db, id)).toMatchObject({ status: "deleted", group_id: item.group_id });
    expect(await getGroupState(db, item.group_id)).toMatchObject({ deleted: 1, invite_link: item.invite_link });
    expect(await getGroupFlags(db, PHONE)).toEqual({ suspended: [], deleted: [item.group_id] });
  });
  it("a delete that arrives before its group's create still ends with the request deleted", async () => {
    const id = await addRequest(db, { requestId: "req-dd" });
    const item = created("req-dd");
    await processDelivery(
      db,
      delivery("group_lifecycle_update", [
        { timestamp: "1760009999", group_id: item.group_id, type: "group_delete", request_id: "del-9" },
      ]),
    );
    await processDelivery(db, delivery("group_lifecycle_update", [item]));
    expect(await getRequest(db, id)).toMatchObject({ status: "deleted", group_id: item.group_id });
    expect(await getGroupState(db, item.group_id)).toMatchObject({
      deleted: 1,
      invite_link: item.invite_link,
      subject: item.subject,
    });
  });
});

describe("group_status_update", () => {
  const status = (type: string, timestamp: string, groupId = "G-1") =>
    delivery("group_status_update", [{ timestamp, group_id: groupId, type }]);

  it("suspend then clear", async () => {
    await processDelivery(db, status("group_suspend", "100"));
    expect(await getGroupFlags(db, PHONE)).toEqual({ suspended: ["G-1"], deleted: [] });
    await processDelivery(db, status("group_suspend_cleared", "200"));
    expect(await getGroupFlags(db, PHONE)).toEqual({ suspended: [], deleted: [] });
    expect((await getGroupState(db, "G-1"))?.suspended).toBe(0);
  });

  it("an older suspend retried after a newer clear does not suspend the group again", async () => {
    await processDelivery(db, status("group_suspend_cleared", "200"));
    await processDelivery(db, status("group_suspend", "100"));
    expect(await getGroupFlags(db, PHONE)).toEqual({ suspended: [], deleted: [] });
    await processDelivery(db, status("group_suspend", "300"));
    expect(await getGroupFlags(db, PHONE)).toEqual({ suspended: ["G-1"], deleted: [] });
  });

  it("only lists the groups of the number asked for", async () => {
    await processDelivery(db, status("group_suspend", "100", "G-2"));
    await processDelivery(
      db,
      delivery("group_status_update", [{ timestamp: "100", group_id: "G-3", type: "group_suspend" }], "999999999"),
    );
    expect((await getGroupFlags(db, PHONE)).suspended).toEqual(["G-2"]);
  });
});

describe("participants and settings", () => {
  it("participant updates are recorded; a successful subject change updates groups_state, a failed one does not", async () => {
    const counts = await processDelivery(db, {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "group_participants_update",
              value: {
                metadata: { phone_number_id: PHONE },
                groups: [
                  {
                    timestamp: "1",
                    group_id: "G-9",
                    type: "group_participants_add",
                    reason: "invite_link",
                    added_participants: [{ wa_id: "16505550301" }],
                  },
                  {
                    timestamp: "2",
                    group_id: "G-9",
                    type: "group_join_request_created",
                    join_request_id: "jr1",
                    wa_id: "16505550302",
                  },
                ],
              },
            },
            {
              field: "group_settings_update",
              value: {
                metadata: { phone_number_id: PHONE },
                groups: [
                  {
                    timestamp: "3",
                    group_id: "G-9",
                    type: "group_settings_update",
                    request_id: "s1",
                    group_subject: { text: "New name", update_successful: true },
                  },
                  {
                    timestamp: "4",
                    group_id: "G-9",
                    type: "group_settings_update",
                    request_id: "s2",
                    group_subject: { text: "Refused", update_successful: false },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(counts).toEqual({ applied: 4, duplicates: 0, pending: 0, skipped: 0 });
    expect((await getGroupState(db, "G-9"))?.subject).toBe("New name");
    const fields = await db.selectFrom("webhook_updates").select(["field", "type", "group_id"]).orderBy("id").execute();
    expect(fields.map((f) => f.type)).toEqual([
      "group_participants_add",
      "group_join_request_created",
      "group_settings_update",
      "group_settings_update",
    ]);
  });
});

describe("tolerance", () => {
  it("skips malformed entries, changes and items and unknown fields, and applies the rest", async () => {
    const id = await addRequest(db, { requestId: "req-ok" });
    const ok = created("req-ok");
    const counts = await processDelivery(db, {
      object: "whatsapp_business_account",
      entry: [
        "not an entry",
        { id: "1", changes: "nope" },
        {
          id: "2",
          changes: [
            { field: "messages", value: { messages: [] } },
            { value: {} },
            { field: "group_lifecycle_update", value: { metadata: { phone_number_id: PHONE } } },
            {
              field: "group_lifecycle_update",
              value: {
                metadata: { phone_number_id: PHONE },
                groups: [
                  42,
                  { type: "group_create", subject: "no request id", group_id: "G" },
                  { type: "group_create", request_id: "req-no-group" },
                  { type: "group_rename", group_id: "G" },
                  ok,
                ],
                future_key: true,
              },
            },
            {
              field: "group_status_update",
              value: {
                metadata: { phone_number_id: PHONE },
                groups: [{ type: "group_suspend" }, { type: "group_suspend", group_id: "G-5", timestamp: "5" }],
              },
            },
          ],
        },
      ],
    });
    expect(counts).toEqual({ applied: 2, duplicates: 0, pending: 0, skipped: 10 });
    expect((await getRequest(db, id)).status).toBe("created");
    expect((await getGroupFlags(db, PHONE)).suspended).toEqual(["G-5"]);
    // The server log says what was skipped: how many parts, and where the first ones were.
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ skipped: 10, problems: expect.arrayContaining([expect.stringContaining("entry[")]) }),
      "Webhook delivery: skipped 10 parts it could not read",
    );
  });

  it("a payload that is not an envelope is skipped whole", async () => {
    expect(await processDelivery(db, [1, 2])).toEqual({ applied: 0, duplicates: 0, pending: 0, skipped: 1 });
    expect(await processDelivery(db, { object: "page", entry: [] })).toEqual({
      applied: 0,
      duplicates: 0,
      pending: 0,
      skipped: 1,
    });
    expect(await processDelivery(db, { object: "whatsapp_business_account", entry: [] })).toEqual({
      applied: 0,
      duplicates: 0,
      pending: 0,
      skipped: 0,
    });
  });
});

describe("volume", () => {
  async function addPending(prefix: string, n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const rows = ids.map((requestId, i) =>
      requestRow({ idempotency_key: `${prefix}-k-${i}`, request_id: requestId, subject: `Group ${i}` }),
    );
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto("creation_requests")
        .values(rows.slice(i, i + 200))
        .execute();
    return ids;
  }

  /** 900 creates and 100 failures, all for known requests. */
  function bulkDelivery(requestIds: string[], prefix: string) {
    return delivery(
      "group_lifecycle_update",
      requestIds.map((r, i) => (i % 10 === 9 ? createFailed(r) : created(r, { group_id: `${prefix}-G-${i}` }))),
    );
  }

  it("applies a 1000-update delivery, and replays it as duplicates", async () => {
    // How long this takes (cold, warm, replayed) is measured by `npm run bench`, not asserted here.
    const cold = await processDelivery(db, bulkDelivery(await addPending("cold", 1000), "cold"));
    const ids = await addPending("warm", 1000);
    const payload = bulkDelivery(ids, "warm");
    const warm = await processDelivery(db, payload);
    const replay = await processDelivery(db, payload);
    expect(cold).toEqual({ applied: 1000, duplicates: 0, pending: 0, skipped: 0 });
    expect(warm).toEqual({ applied: 1000, duplicates: 0, pending: 0, skipped: 0 });
    expect(replay).toEqual({ applied: 0, duplicates: 1000, pending: 0, skipped: 0 });

    const statuses = await db
      .selectFrom("creation_requests")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .groupBy("status")
      .orderBy("status")
      .execute();
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([
      ["created", 1800],
      ["failed", 200],
    ]);
    const sample = await db
      .selectFrom("creation_requests")
      .selectAll()
      .where("request_id", "=", ids[0] ?? "")
      .executeTakeFirstOrThrow();
    expect(sample).toMatchObject({ status: "created", group_id: "warm-G-0" });
    const groups = await db
      .selectFrom("groups_state")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(groups.n)).toBe(1800);
  });
});
