import { describe, expect, it } from "vitest";
import { ControlError } from "@/emulator/control-client";
import { emulatorSuite, expectEnvelope, type GroupsPage, PHONE, update, waitUntil } from "./helpers";

const { g, hook } = emulatorSuite({ seed: 1, createDelayMs: 0, webhooks: true, config: { identityShape: "wa_id" } });

let made = 0;

/** A fresh group (no participants) of each mode, made through the Graph API. */
async function groupsByMode(): Promise<{ guarded: string; open: string }> {
  const make = async (mode: string) => {
    const subject = `Join test ${++made}`;
    await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject, join_approval_mode: mode });
    let id = "";
    await waitUntil(async () => {
      const page = (await (await g.get(`/${PHONE}/groups?limit=10`)).json()) as GroupsPage;
      id = page.data.groups.find((x) => x.subject === subject)?.id ?? "";
      return id !== "";
    });
    return id;
  };
  const ids = { guarded: await make("approval_required"), open: await make("auto_approve") };
  hook.received.length = 0;
  return ids;
}

const listed = async (id: string) =>
  ((await (await g.get(`/${id}/join_requests?limit=200`)).json()) as { data: { join_request_id: string; wa_id: string }[] }).data;

/** Only this group's: deliveries from an earlier test may still be arriving. */
const created = (groupId: string) =>
  hook.received.filter((w) => update(w).type === "group_join_request_created" && update(w).group_id === groupId);

describe("POST /__emulator/groups/:id/join_requests (bulk)", () => {
  it("{count} opens that many requests, one group_join_request_created each, listed by the Graph API", async () => {
    const { guarded } = await groupsByMode();
    const ids = await g.ctl.joinRequests(guarded, { count: 5 });
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    const data = await listed(guarded);
    expect(data.map((r) => r.join_request_id).sort()).toEqual([...ids].sort());
    expect(new Set(data.map((r) => r.wa_id)).size).toBe(5);
    await waitUntil(() => Promise.resolve(created(guarded).length === 5));
    const hooked = created(guarded).map((w) => update(w));
    expect(hooked.map((u) => u.join_request_id).sort()).toEqual([...ids].sort());
    for (const u of hooked) {
      expect(u).toEqual({
        timestamp: expect.any(String),
        group_id: guarded,
        type: "group_join_request_created",
        join_request_id: expect.any(String),
        wa_id: expect.stringMatching(/^\d+$/),
      });
    }
    // more people on a second call: new wa_ids, nobody asks twice
    const more = await g.ctl.joinRequests(guarded, { count: 100 });
    expect(more).toHaveLength(100);
    expect(new Set((await listed(guarded)).map((r) => r.wa_id)).size).toBe(105);
    // let every delivery land, so none spills into the next test (group ids repeat after a reset)
    await waitUntil(() => Promise.resolve(created(guarded).length === 105));
  });

  it("{wa_ids} opens requests for those people; someone already asking keeps their request", async () => {
    const { guarded } = await groupsByMode();
    const first = await g.ctl.join(guarded, "16505550900");
    if (!("join_request_id" in first)) throw new Error("expected a join request");
    const ids = await g.ctl.joinRequests(guarded, { wa_ids: ["+16505550900", "16505550901"] });
    expect(ids[0]).toBe(first.join_request_id);
    const data = await listed(guarded);
    expect(data.map((r) => r.wa_id).sort()).toEqual(["16505550900", "16505550901"]);
    await waitUntil(() => Promise.resolve(created(guarded).length === 2));
  });

  it("refuses an auto_approve group, bad bodies, duplicates, participants and removed users", async () => {
    const { guarded, open } = await groupsByMode();
    const auto = await expectEnvelope(await g.control("POST", `/groups/${open}/join_requests`, { count: 1 }), 400, 100);
    expect(auto.message).toContain("auto_approve");
    for (const body of [
      {},
      { count: 0 },
      { count: 101 },
      { count: 1, wa_ids: ["16505550000"] },
      { wa_ids: [] },
      { wa_ids: ["x"] },
    ]) {
      await expectEnvelope(await g.control("POST", `/groups/${guarded}/join_requests`, body), 400, 100);
    }
    await expectEnvelope(
      await g.control("POST", `/groups/${guarded}/join_requests`, { wa_ids: ["16505550001", "+1 6505550001".replace(/ /g, "")] }),
      400,
      100,
    );
    const [id] = await g.ctl.joinRequests(guarded, { wa_ids: ["16505550002"] });
    await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [id] });
    await expectEnvelope(await g.control("POST", `/groups/${guarded}/join_requests`, { wa_ids: ["16505550002"] }), 400, 131202);
    await expectEnvelope(await g.control("POST", "/groups/nope/join_requests", { count: 1 }), 400, 131041);
    // nothing was half-made by the refused calls
    expect(await listed(guarded)).toEqual([]);
  });
});

describe("DELETE /__emulator/groups/:id/join_requests/:joinRequestId (revoke)", () => {
  it("removes the request and sends group_join_request_revoked; approving it afterwards fails", async () => {
    const { guarded } = await groupsByMode();
    const [keep, gone] = await g.ctl.joinRequests(guarded, { wa_ids: ["16505551001", "16505551002"] });
    await g.ctl.revokeJoinRequest(guarded, gone ?? "");
    expect((await listed(guarded)).map((r) => r.join_request_id)).toEqual([keep]);
    const w = await hook.waitFor((x) => update(x).type === "group_join_request_revoked" && update(x).group_id === guarded);
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: guarded,
      type: "group_join_request_revoked",
      join_request_id: gone,
      wa_id: "16505551002",
    });
    const again = await g.control("DELETE", `/groups/${guarded}/join_requests/${gone}`);
    await expectEnvelope(again, 400, 131213);
    const thrown = await g.ctl.revokeJoinRequest(guarded, gone ?? "").catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ControlError);
    expect(thrown).toMatchObject({ status: 400, call: `DELETE /__emulator/groups/${guarded}/join_requests/${gone}` });
  });
});

describe("approve / reject with missing join requests", () => {
  it("approve: a mix answers 206 with approved, failed (131213) and a top-level 131201", async () => {
    const { guarded } = await groupsByMode();
    const [a, b] = await g.ctl.joinRequests(guarded, { wa_ids: ["16505552001", "16505552002"] });
    await g.ctl.revokeJoinRequest(guarded, b ?? "");
    const res = await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [a, b] });
    expect(res.status).toBe(206);
    expect(await res.json()).toEqual({
      messaging_product: "whatsapp",
      approved_join_requests: [a],
      failed_join_requests: [
        {
          join_request_id: b,
          errors: [
            {
              code: 131213,
              message: "(#131213) Join request does not exist",
              title: "Join request does not exist",
              error_data: { details: `Join request ${b} does not exist for this group.` },
            },
          ],
        },
      ],
      errors: [
        {
          code: 131201,
          message: "(#131201) Partially succeeded",
          title: "Partially succeeded",
          error_data: { details: "1 of 2 join requests failed." },
        },
      ],
    });
    expect((await g.ctl.group(guarded)).participants).toEqual(["16505552001"]);
  });

  it("approve: all missing answers 400 in Meta's envelope with code 131213, and changes nothing", async () => {
    const { guarded } = await groupsByMode();
    const [a] = await g.ctl.joinRequests(guarded, { count: 1 });
    await g.ctl.revokeJoinRequest(guarded, a ?? "");
    const res = await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [a, "never-existed"] });
    const err = await expectEnvelope(res, 400, 131213);
    expect(err.message).toBe("(#131213) Join request does not exist");
    expect((await g.ctl.group(guarded)).participants).toEqual([]);
  });

  it("reject: the same rules (206 on a mix, 400/131213 when all fail, 200 when all succeed)", async () => {
    const { guarded } = await groupsByMode();
    const [a, b, c] = await g.ctl.joinRequests(guarded, { count: 3 });
    const mixed = await g.del(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [a, "missing"] });
    expect(mixed.status).toBe(206);
    const body = (await mixed.json()) as Record<string, unknown>;
    expect(body.rejected_join_requests).toEqual([a]);
    expect(body.failed_join_requests).toEqual([
      { join_request_id: "missing", errors: [expect.objectContaining({ code: 131213 })] },
    ]);
    expect(body.errors).toEqual([expect.objectContaining({ code: 131201 })]);
    await expectEnvelope(
      await g.del(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [a, "missing"] }),
      400,
      131213,
    );
    const all = await g.del(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [b, c] });
    expect(all.status).toBe(200);
    expect(await all.json()).toEqual({ messaging_product: "whatsapp", rejected_join_requests: [b, c] });
    expect((await g.ctl.group(guarded)).participants).toEqual([]);
  });

  it("keeps 131204 when the group is full: per item on a mix (206), the whole call when none fit (400)", async () => {
    const { guarded } = await groupsByMode();
    const seven = Array.from({ length: 7 }, (_, i) => `1650555300${i}`);
    const ids = await g.ctl.joinRequests(guarded, { wa_ids: [...seven, "16505553007", "16505553008", "16505553009"] });
    const approveSeven = await g.post(`/${guarded}/join_requests`, {
      messaging_product: "whatsapp",
      join_requests: ids.slice(0, 7),
    });
    expect(approveSeven.status).toBe(200);
    const mix = await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: ids.slice(7, 9) });
    expect(mix.status).toBe(206);
    const body = (await mix.json()) as {
      approved_join_requests: string[];
      failed_join_requests: { errors: { code: number }[] }[];
    };
    expect(body.approved_join_requests).toEqual([ids[7]]);
    expect(body.failed_join_requests[0]?.errors[0]?.code).toBe(131204);
    const none = await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [ids[9]] });
    await expectEnvelope(none, 400, 131204);
    expect((await g.ctl.group(guarded)).participants).toHaveLength(8);
  });
});
