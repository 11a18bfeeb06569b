import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { isGraphError, type GraphError } from "@/lib/graph/errors";
import type { GraphClient } from "@/lib/graph/client";
import type { JoinApprovalMode } from "@/lib/groups/join-approval";

import { caught, eventually, graphPath, OTHER_PHONE, PHONE, startTestEmulator, type TestEmulator } from "./support";

let emu: TestEmulator;
let graph: GraphClient;

beforeAll(async () => {
  emu = await startTestEmulator(5);
  graph = emu.client();
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.reset();
});

/** Creates a group and waits until the emulator has made it (creation is asynchronous). */
async function createAndFind(subject: string, joinApprovalMode?: JoinApprovalMode) {
  const { requestId } = await graph.createGroup(PHONE, { subject, description: "made by a test", joinApprovalMode });
  expect(requestId).toMatch(/\S/);
  return eventually(async () => {
    const page = await graph.listGroups(PHONE, { limit: 1024 });
    return page.groups.find((g) => g.subject === subject);
  });
}

describe("success shapes", () => {
  it("lists groups with cursors and paging flags", async () => {
    const page = await graph.listGroups(PHONE, { limit: 2 });
    expect(page.groups).toHaveLength(2);
    for (const group of page.groups) {
      expect(group).toEqual({ id: expect.any(String), subject: expect.any(String), createdAt: expect.any(String) });
    }
    expect(page.cursors.after).toEqual(expect.any(String));
    expect(page.cursors.before).toEqual(expect.any(String));
    expect(page.hasNext).toBe(true);
    expect(page.hasPrevious).toBe(false);

    const all = await graph.listGroups(PHONE);
    expect(all.groups).toHaveLength(5);
    expect(all.hasNext).toBe(false);
  });

  it("creates a group: a request id now, the group shortly after", async () => {
    const group = await createAndFind("Launch crew", "approval_required");
    const info = await graph.getGroup(group.id);
    expect(info).toMatchObject({
      id: group.id,
      subject: "Launch crew",
      description: "made by a test",
      joinApprovalMode: "approval_required",
      suspended: false,
      participants: [],
      totalParticipantCount: 0,
    });
    expect(Number.isNaN(Date.parse(info.createdAt ?? ""))).toBe(false);

    const [post] = (await emu.calls()).filter((c) => c.method === "POST");
    expect(post?.body).toMatchObject({
      messaging_product: "whatsapp",
      subject: "Launch crew",
      description: "made by a test",
      join_approval_mode: "approval_required",
    });
  });

  it("trims the subject and leaves optional fields out of the body", async () => {
    await graph.createGroup(PHONE, { subject: "  Padded  " });
    const post = (await emu.calls()).find((c) => c.method === "POST");
    expect(post?.body).toEqual({ messaging_product: "whatsapp", subject: "Padded" });
  });

  it("gets group info with only the fields asked for", async () => {
    const [first] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    const info = await graph.getGroup(first!.id, ["subject", "totalParticipantCount"]);
    expect(info.id).toBe(first!.id);
    expect(info.subject).toBe(first!.subject);
    expect(typeof info.totalParticipantCount).toBe("number");
    expect(info.participants).toBeUndefined();
    expect(info.description).toBeUndefined();

    const get = (await emu.calls()).filter((c) => c.method === "GET").at(-1)!;
    expect(JSON.stringify(get.query)).toContain("subject,total_participant_count");
  });

  it("gets and resets the invite link; the old link differs from the new", async () => {
    const [first] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    const link = await graph.getInviteLink(first!.id);
    expect(link).toMatch(/^https:\/\/chat\.whatsapp\.com\/\w+/);
    const fresh = await graph.resetInviteLink(first!.id);
    expect(fresh).toMatch(/^https:\/\/chat\.whatsapp\.com\/\w+/);
    expect(fresh).not.toBe(link);
    expect(await graph.getInviteLink(first!.id)).toBe(fresh);
    const post = (await emu.calls()).find((c) => c.method === "POST");
    expect(post?.body).toEqual({ messaging_product: "whatsapp" });
  });

  it("lists, approves and rejects join requests", async () => {
    const group = await createAndFind("Needs approval", "approval_required");
    const ids: string[] = [];
    for (const waId of ["16505550001", "16505550002", "16505550003"]) {
      const joined = await emu.join(group.id, waId);
      ids.push(joined.join_request_id!);
    }

    const firstPage = await graph.listJoinRequests(group.id, { limit: 2 });
    expect(firstPage.joinRequests).toHaveLength(2);
    expect(firstPage.hasNext).toBe(true);
    const secondPage = await graph.listJoinRequests(group.id, { limit: 2, after: firstPage.cursors.after });
    expect(secondPage.joinRequests).toHaveLength(1);
    expect(secondPage.hasPrevious).toBe(true);
    const listed = [...firstPage.joinRequests, ...secondPage.joinRequests];
    expect(listed.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const request of listed) {
      expect(request.waId).toMatch(/^1650555000\d$/);
      expect(Number.isNaN(Date.parse(request.createdAt))).toBe(false);
    }

    const approved = await graph.approveJoinRequests(group.id, [ids[0]!, "no-such-request"]);
    expect(approved.succeeded).toEqual([ids[0]]);
    expect(approved.failed).toEqual([
      { joinRequestId: "no-such-request", errors: [expect.objectContaining({ code: expect.any(Number) })] },
    ]);

    const rejected = await graph.rejectJoinRequests(group.id, [ids[1]!]);
    expect(rejected).toEqual({ succeeded: [ids[1]], failed: [], errors: [] });

    const state = await emu.groupState(group.id);
    expect(state.participants).toEqual(["16505550001"]);
    expect((state.joinRequests as { join_request_id: string }[]).map((r) => r.join_request_id)).toEqual([ids[2]]);

    const writes = (await emu.calls()).filter((c) => graphPath(c).endsWith("/join_requests") && c.method !== "GET");
    expect(writes.map((c) => c.method)).toEqual(["POST", "DELETE"]);
    for (const write of writes) expect(write.body).toMatchObject({ messaging_product: "whatsapp" });
  });

  it("removes participants", async () => {
    const group = await createAndFind("Open door");
    await emu.join(group.id, "16505550011");
    await emu.join(group.id, "16505550012");
    await graph.removeParticipants(group.id, ["16505550011"]);
    await eventually(async () => {
      const state = await emu.groupState(group.id);
      return state.participants.includes("16505550011") ? undefined : state;
    });
    const call = (await emu.calls()).find((c) => c.method === "DELETE");
    expect(call?.body).toEqual({ messaging_product: "whatsapp", participants: [{ user: "16505550011" }] });
  });

  it("updates subject and description", async () => {
    const [first] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    await graph.updateSettings(first!.id, { subject: "Renamed", description: "New words" });
    const info = await eventually(async () => {
      const got = await graph.getGroup(first!.id, ["subject", "description"]);
      return got.subject === "Renamed" ? got : undefined;
    });
    expect(info).toEqual({ id: first!.id, subject: "Renamed", description: "New words" });
    const post = (await emu.calls()).find((c) => c.method === "POST");
    expect(post?.body).toEqual({ messaging_product: "whatsapp", subject: "Renamed", description: "New words" });
  });

  it("deletes a group", async () => {
    const [first] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    await graph.deleteGroup(first!.id);
    await eventually(async () => {
      const page = await graph.listGroups(PHONE);
      return page.groups.some((g) => g.id === first!.id) ? undefined : page;
    });
    const error = (await caught(() => graph.getGroup(first!.id))) as GraphError;
    expect(error.kind).toBe("not-found");
  });

  it("keeps each phone number's groups apart", async () => {
    await emu.reset({ seedGroups: 2 });
    const a = await graph.listGroups(PHONE);
    const b = await graph.listGroups(OTHER_PHONE);
    expect(a.groups).toHaveLength(2);
    expect(b.groups).toHaveLength(2);
    expect(a.groups.map((g) => g.id)).not.toEqual(b.groups.map((g) => g.id));
  });
});

describe("request hygiene", () => {
  it("sends the bearer token and a JSON content type on every call, GET included", async () => {
    const [first] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    await graph.getGroup(first!.id);
    await graph.getInviteLink(first!.id);
    await graph.updateSettings(first!.id, { description: "x" });
    const calls = await emu.calls();
    expect(calls.length).toBe(4);
    for (const call of calls) {
      expect(call.authorization).toBe("Bearer test-token");
      expect(call.contentType).toMatch(/^application\/json/);
    }
  });

  it("URL-encodes path segments", async () => {
    const error = await caught(() => graph.getGroup("a=b:c@d"));
    expect(isGraphError(error)).toBe(true);
    const [call] = await emu.calls();
    expect(call?.path).toContain("a%3Db%3Ac%40d");
    expect(graphPath(call!).split("/").filter(Boolean)).toHaveLength(1);
  });

  it("refuses a group ID that is not one (a slash, a query, dot segments) before sending", async () => {
    for (const id of ["a/b", "a?b", "a#b", ".", ".."]) {
      const error = await caught(() => graph.getGroup(id));
      expect(isGraphError(error) && error.kind).toBe("validation");
    }
    expect(await emu.calls()).toHaveLength(0);
  });
});

describe("input validation (before anything is sent)", () => {
  const cases: [string, (g: GraphClient) => Promise<unknown>, RegExp][] = [
    ["empty subject", (g) => g.createGroup(PHONE, { subject: "   " }), /subject must not be empty/],
    ["long subject", (g) => g.createGroup(PHONE, { subject: "x".repeat(129) }), /subject must be at most 128/],
    [
      "long description",
      (g) => g.createGroup(PHONE, { subject: "ok", description: "x".repeat(2049) }),
      /description must be at most 2048/,
    ],
    ["limit too high", (g) => g.listGroups(PHONE, { limit: 1025 }), /page\.limit must be between 1 and 1024/],
    ["limit zero", (g) => g.listGroups(PHONE, { limit: 0 }), /page\.limit/],
    ["both cursors", (g) => g.listGroups(PHONE, { after: "a", before: "b" }), /page\.before cannot be combined/],
    ["empty group id", (g) => g.getGroup(""), /groupId must not be empty/],
    ["no join request ids", (g) => g.approveJoinRequests("g", []), /ids needs at least one id/],
    ["nine participants", (g) => g.removeParticipants("g", Array(9).fill("1555")), /users takes at most 8/],
    ["empty settings", (g) => g.updateSettings("g", {}), /needs subject or description/],
  ];

  it.each(cases)("%s → validation naming the field", async (_name, run, message) => {
    const error = (await caught(() => run(graph))) as GraphError;
    expect(isGraphError(error)).toBe(true);
    expect(error.kind).toBe("validation");
    expect(error.message).toMatch(message);
    expect(await emu.calls()).toHaveLength(0);
  });
});
