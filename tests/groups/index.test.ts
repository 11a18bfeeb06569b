import type { Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countIndexed, searchIndex, streamIndex } from "@/lib/db/group-index";
import { getSyncState } from "@/lib/db/group-sync";
import type { Database } from "@/lib/db/schema";
import { GraphError, type GraphClient } from "@/lib/graph";
import { syncNumber } from "@/lib/groups/sync";
import { processDelivery } from "@/lib/webhooks/process";
import { PHONE, startTestEmulator, type TestEmulator } from "../graph/support";
import { delivery, freshDb } from "../webhooks/helpers";

/** A Graph client whose nth list call fails with `error` (the calls before and after go to the emulator). */
function failingOnCall(real: GraphClient, n: number, error: GraphError): Pick<GraphClient, "listGroups"> {
  let calls = 0;
  return {
    listGroups: (...args) => {
      calls += 1;
      return calls === n ? Promise.reject(error) : real.listGroups(...args);
    },
  };
}

describe("the group index: sync, reconcile, webhooks, search", () => {
  let emulator: TestEmulator;
  let db: Kysely<Database>;
  let graph: GraphClient;
  beforeAll(async () => {
    emulator = await startTestEmulator(0);
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.reset({ seedGroups: 2_500 });
    db = await freshDb();
    graph = emulator.client({ timeoutMs: 10_000 });
  });
  afterEach(async () => {
    await db.destroy();
  });

  const listCalls = async () => (await emulator.calls()).filter((c) => c.method === "GET" && c.path.endsWith("/groups"));

  it("walks thousands of groups at limit=1024 and records every one", async () => {
    const outcome = await syncNumber({ db, graph }, PHONE);
    expect(outcome).toEqual({ status: "done", total: 2_500, removed: 0, pages: 3 });
    expect((await listCalls()).map((c) => c.query.limit)).toEqual(["1024", "1024", "1024"]);
    expect(await getSyncState(db, PHONE)).toMatchObject({ state: "idle", pages: 3, groups_seen: 2_500, last_total: 2_500 });
  });

  it("a complete walk removes groups Meta no longer lists", async () => {
    await syncNumber({ db, graph }, PHONE);
    const [first, second] = (await graph.listGroups(PHONE, { limit: 2 })).groups;
    await graph.deleteGroup(first!.id);
    await graph.deleteGroup(second!.id);
    expect(await syncNumber({ db, graph }, PHONE)).toMatchObject({ status: "done", total: 2_498, removed: 2 });
    const ids = new Set(
      (await searchIndex(db, { phoneNumberId: PHONE, sort: "created", dir: "desc", limit: 5, offset: 0 })).rows.map(
        (r) => r.group_id,
      ),
    );
    expect(ids.has(first!.id)).toBe(false);
  });

  it("a walk that fails halfway removes nothing and says where it stopped", async () => {
    await syncNumber({ db, graph }, PHONE);
    const [gone] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    await graph.deleteGroup(gone!.id);
    const broken = failingOnCall(graph, 2, new GraphError({ kind: "upstream", status: 500, message: "Meta is down" }));
    const outcome = await syncNumber({ db, graph: broken }, PHONE);
    expect(outcome).toMatchObject({ status: "failed", pages: 1, groupsSeen: 1_024 });
    expect(outcome.status === "failed" && outcome.error).toBe(
      "Meta is unavailable. Stopped after 1 page (1,024 groups); nothing was removed from the index.",
    );
    expect(await countIndexed(db, PHONE)).toBe(2_500);
    expect(await getSyncState(db, PHONE)).toMatchObject({
      state: "failed",
      last_error: expect.stringContaining("Stopped after 1 page"),
    });
  });

  it("a server that is stopping ends the walk at the next page, removing nothing and saying why", async () => {
    await syncNumber({ db, graph }, PHONE);
    const [gone] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    await graph.deleteGroup(gone!.id);
    let pagesAsked = 0;
    const counting: Pick<GraphClient, "listGroups"> = {
      listGroups: (...args) => {
        pagesAsked += 1;
        return graph.listGroups(...args);
      },
    };
    const outcome = await syncNumber({ db, graph: counting, shouldStop: () => pagesAsked >= 1 }, PHONE);
    expect(outcome).toMatchObject({ status: "failed", pages: 1, groupsSeen: 1_024 });
    expect(outcome.status === "failed" && outcome.error).toBe(
      "The dashboard server was stopping. Stopped after 1 page (1,024 groups); nothing was removed from the index.",
    );
    expect(pagesAsked).toBe(1);
    expect(await countIndexed(db, PHONE)).toBe(2_500);
    expect(await getSyncState(db, PHONE)).toMatchObject({ state: "failed" });
  });

  it("a cursor that expires mid-walk (131059) restarts the walk from the first page", async () => {
    const expiring = failingOnCall(
      graph,
      2,
      new GraphError({ kind: "invalid-cursor", code: 131059, status: 400, message: "expired" }),
    );
    expect(await syncNumber({ db, graph: expiring }, PHONE)).toMatchObject({ status: "done", total: 2_500, pages: 3 });
  });

  it("a rate limit (131208) is waited out as Meta asks, then the walk goes on", async () => {
    const waits: number[] = [];
    const limited = failingOnCall(
      graph,
      2,
      new GraphError({ kind: "rate-limited", code: 131208, status: 429, retryAfterSeconds: 42, message: "slow down" }),
    );
    const outcome = await syncNumber(
      {
        db,
        graph: limited,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
      PHONE,
    );
    expect(outcome).toMatchObject({ status: "done", total: 2_500 });
    expect(waits).toEqual([42_000]);
  });

  it("two syncs racing for one number: one walks, the other is told it is busy", async () => {
    const outcomes = await Promise.all([syncNumber({ db, graph }, PHONE), syncNumber({ db, graph }, PHONE)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["busy", "done"]);
    expect(await listCalls()).toHaveLength(3);
  });

  it("webhooks keep it current: created, renamed, suspended, deleted", async () => {
    await emulator.reset({ seedGroups: 3 });
    await syncNumber({ db, graph }, PHONE);
    const [a, b] = (await graph.listGroups(PHONE)).groups;
    await processDelivery(
      db,
      delivery("group_lifecycle_update", [
        { timestamp: "1780000000", type: "group_create", group_id: "NEW1", request_id: "R1", subject: "Café Lisboa" },
        { timestamp: "1780000001", type: "group_delete", group_id: a!.id },
      ]),
    );
    await processDelivery(
      db,
      delivery("group_settings_update", [
        {
          timestamp: "1780000002",
          group_id: b!.id,
          request_id: "R2",
          group_subject: { text: "Renamed Club", update_successful: true },
        },
      ]),
    );
    await processDelivery(
      db,
      delivery("group_status_update", [{ timestamp: "1780000003", group_id: b!.id, type: "group_suspend" }]),
    );
    const all = (await searchIndex(db, { phoneNumberId: PHONE, sort: "subject", dir: "asc", limit: 10, offset: 0 })).rows;
    expect(all.map((r) => [r.subject, r.suspended])).toEqual([
      ["Café Lisboa", 0],
      [expect.any(String), 0],
      ["Renamed Club", 1],
    ]);
  });

  it("searches subjects ignoring case and accents, totals what matches, and sorts either way", async () => {
    await emulator.reset({ seedGroups: 60 });
    await syncNumber({ db, graph }, PHONE);
    await processDelivery(
      db,
      delivery("group_lifecycle_update", [
        { timestamp: "1780000000", type: "group_create", group_id: "L1", request_id: "R1", subject: "Book Club Lisbôa" },
        { timestamp: "1780000001", type: "group_create", group_id: "L2", request_id: "R2", subject: "BOOK CLUB LISBOA north" },
      ]),
    );
    const query = { phoneNumberId: PHONE, q: "book club lisboa", sort: "subject" as const, dir: "asc" as const };
    const found = await searchIndex(db, { ...query, limit: 10, offset: 0 });
    expect(found.total).toBe(2);
    expect(found.rows.map((r) => r.subject)).toEqual(["Book Club Lisbôa", "BOOK CLUB LISBOA north"]);
    expect((await searchIndex(db, { ...query, q: "%", limit: 10, offset: 0 })).total).toBe(0);

    const newest = await searchIndex(db, { phoneNumberId: PHONE, sort: "created", dir: "desc", limit: 3, offset: 0 });
    expect(newest.total).toBe(62);
    expect(newest.rows.map((r) => r.group_id).slice(0, 2)).toEqual(["L2", "L1"]);
    const oldest = await searchIndex(db, { phoneNumberId: PHONE, sort: "created", dir: "asc", limit: 62, offset: 0 });
    expect(oldest.rows.map((r) => r.created_at)).toEqual([...oldest.rows.map((r) => r.created_at)].sort());

    // A creation time Meta did not send as a date sorts last whichever way, on both engines (they order NULLs apart).
    await db
      .insertInto("group_index")
      .values({
        group_id: "UNDATED",
        phone_number_id: PHONE,
        subject: "Undated",
        subject_key: "undated",
        created_raw: "sometime",
        created_at: null,
        suspended: 0,
        last_seen_at: new Date().toISOString(),
      })
      .execute();
    for (const dir of ["asc", "desc"] as const) {
      const rows = (await searchIndex(db, { phoneNumberId: PHONE, sort: "created", dir, limit: 63, offset: 0 })).rows;
      expect(rows.at(-1)?.group_id).toBe("UNDATED");
      expect(
        (await searchIndex(db, { phoneNumberId: PHONE, sort: "created", dir, limit: 1, offset: 62 })).rows[0]?.group_id,
      ).toBe("UNDATED");
    }

    let streamed = 0;
    for await (const batch of streamIndex(db, { phoneNumberId: PHONE, sort: "subject", dir: "desc" }, 25))
      streamed += batch.length;
    expect(streamed).toBe(63);
  });
});
