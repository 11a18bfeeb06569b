import { describe, expect, it } from "vitest";
import { identityOf } from "@/emulator/identity";
import type { JoinApprovalMode } from "@/emulator/state";
import { emulatorSuite, expectEnvelope, type GroupsPage, PHONE, update, waitUntil } from "./helpers";

const { g, hook } = emulatorSuite({
  seed: 0,
  createDelayMs: 0,
  webhooks: true,
  reset: false,
  config: { identityShape: "wa_id" },
});
let made = 0;

/** A new group (ids are never reused within this file: no reset), with no webhooks of its own yet. */
async function newGroup(mode: JoinApprovalMode): Promise<string> {
  const subject = `Identity ${++made}`;
  await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject, join_approval_mode: mode });
  let id = "";
  await waitUntil(async () => {
    const page = (await (await g.get(`/${PHONE}/groups?limit=5`)).json()) as GroupsPage;
    id = page.data.groups.find((x) => x.subject === subject)?.id ?? "";
    return id !== "";
  });
  return id;
}

const hookOf = (groupId: string, type: string) =>
  hook.waitFor((x) => update(x).group_id === groupId && update(x).type === type).then(update);

const BSUID = /^[A-Z]{2}\.\d{20}$/;
const PARENT = /^[A-Z]{2}\.ENT\.\d{20}$/;
const USERNAME = /^[a-z]+\.[a-z]+\d{1,2}$/;

describe("business-scoped user ids", () => {
  it("are stable per wa_id, differ between people, and look like Meta's", () => {
    const a = identityOf("16505550001");
    expect(a).toEqual(identityOf("16505550001"));
    expect(a.user_id).toMatch(BSUID);
    expect(a.user_id.startsWith("US.")).toBe(true);
    expect(a.parent_user_id).toMatch(PARENT);
    expect(a.username).toMatch(USERNAME);
    const b = identityOf("16505550002");
    expect(b.user_id).not.toBe(a.user_id);
    expect(b.parent_user_id).not.toBe(a.parent_user_id);
    expect(identityOf("447700900123").user_id.startsWith("GB.")).toBe(true);
    expect(identityOf("5511912345678").user_id.startsWith("BR.")).toBe(true);
  });

  it('"wa_id" (default): today\'s shapes, nothing added', async () => {
    expect((await g.ctl.getConfig()).identityShape).toBe("wa_id");
    const id = await newGroup("auto_approve");
    await g.ctl.join(id, "16505554001");
    expect((await hookOf(id, "group_participants_add")).added_participants).toEqual([{ wa_id: "16505554001" }]);
    await g.del(`/${id}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: "16505554001" }, { user: "16505554999" }],
    });
    const removed = await hookOf(id, "group_participants_remove");
    expect(removed.removed_participants).toEqual([{ input: "16505554001" }]);
    expect(removed.failed_participants).toEqual([{ input: "16505554999", errors: [expect.objectContaining({ code: 131212 })] }]);
  });

  it('"both": every person carries wa_id, user_id, parent_user_id and username', async () => {
    await g.ctl.config({ identityShape: "both" });
    const guarded = await newGroup("approval_required");
    const who = (waId: string) => ({ wa_id: waId, ...identityOf(waId) });

    const [r1, r2] = await g.ctl.joinRequests(guarded, { wa_ids: ["16505555001", "16505555002"] });
    const createdItem = await hook
      .waitFor((x) => update(x).group_id === guarded && update(x).join_request_id === r1)
      .then(update);
    expect(createdItem).toEqual({
      timestamp: expect.any(String),
      group_id: guarded,
      type: "group_join_request_created",
      join_request_id: r1,
      ...who("16505555001"),
    });
    await g.ctl.revokeJoinRequest(guarded, r2 ?? "");
    expect(await hookOf(guarded, "group_join_request_revoked")).toMatchObject({ join_request_id: r2, ...who("16505555002") });

    await g.post(`/${guarded}/join_requests`, { messaging_product: "whatsapp", join_requests: [r1] });
    expect((await hookOf(guarded, "group_participants_add")).added_participants).toEqual([who("16505555001")]);

    await g.del(`/${guarded}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: "+1 650 555 5001" }, { user: "16505555999" }],
    });
    const removed = await hookOf(guarded, "group_participants_remove");
    expect(removed.removed_participants).toEqual([{ input: "+1 650 555 5001", ...who("16505555001") }]);
    expect(removed.failed_participants).toEqual([
      { input: "16505555999", ...who("16505555999"), errors: [expect.objectContaining({ code: 131212 })] },
    ]);
    // the GET shape keeps the contract's [{wa_id}] in "both"
    const open = await newGroup("auto_approve");
    await g.ctl.join(open, "16505555003");
    expect(await (await g.get(`/${open}?fields=participants`)).json()).toEqual({
      messaging_product: "whatsapp",
      id: open,
      participants: [{ wa_id: "16505555003" }],
    });
  });

  it('"user_id": webhooks carry no wa_id; group info adds user_id; the snapshot maps both ways', async () => {
    await g.ctl.config({ identityShape: "user_id" });
    const open = await newGroup("auto_approve");
    await g.ctl.join(open, "16505556001");
    const added = await hookOf(open, "group_participants_add");
    expect(added.added_participants).toEqual([identityOf("16505556001")]);
    expect(JSON.stringify(added)).not.toContain("16505556001");

    expect(await (await g.get(`/${open}?fields=participants`)).json()).toEqual({
      messaging_product: "whatsapp",
      id: open,
      participants: [{ wa_id: "16505556001", user_id: identityOf("16505556001").user_id }],
    });
    const snap = await g.ctl.group(open);
    expect(snap.identities).toEqual({ "16505556001": identityOf("16505556001") });

    const guarded = await newGroup("approval_required");
    const [r] = await g.ctl.joinRequests(guarded, { count: 1 });
    const created = await hookOf(guarded, "group_join_request_created");
    expect(created).toEqual({
      timestamp: expect.any(String),
      group_id: guarded,
      type: "group_join_request_created",
      join_request_id: r,
      user_id: expect.stringMatching(BSUID),
      parent_user_id: expect.stringMatching(PARENT),
      username: expect.stringMatching(USERNAME),
    });
    // the join request list keeps the contract's wa_id
    const list = (await (await g.get(`/${guarded}/join_requests`)).json()) as { data: { wa_id: string }[] };
    expect(identityOf(list.data[0]?.wa_id ?? "").user_id).toBe(created.user_id);
  });

  it("the business can remove someone by the user_id it was given", async () => {
    await g.ctl.config({ identityShape: "user_id" });
    const open = await newGroup("auto_approve");
    await g.ctl.join(open, "16505557001");
    await g.ctl.join(open, "16505557002");
    const { user_id } = identityOf("16505557001");
    await g.del(`/${open}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: user_id }, { user: "US.00000000000000000000" }],
    });
    const removed = await hookOf(open, "group_participants_remove");
    expect(removed.removed_participants).toEqual([{ input: user_id, ...identityOf("16505557001") }]);
    expect(removed.failed_participants).toEqual([
      { input: "US.00000000000000000000", errors: [expect.objectContaining({ code: 131212 })] },
    ]);
    expect((await g.ctl.group(open)).participants).toEqual(["16505557002"]);
    // a removed user still cannot come back through the link
    await expectEnvelope(await g.control("POST", `/groups/${open}/join`, { wa_id: "16505557001" }), 400, 100);
  });

  it("refuses an unknown shape", async () => {
    await expectEnvelope(await g.control("POST", "/config", { identityShape: "phone" }), 400, 100);
  });
});
