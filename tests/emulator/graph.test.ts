import { describe, expect, it } from "vitest";
import { epochMs } from "@/emulator/ids";
import { emulatorSuite, expectEnvelope, type GroupsPage, PHONE, TOKEN, waitUntil } from "./helpers";

const { emu, g } = emulatorSuite({ seed: 5, createDelayMs: 30 });

async function firstGroupId(): Promise<string> {
  const page = (await (await g.get(`/${PHONE}/groups?limit=1`)).json()) as GroupsPage;
  const id = page.data.groups[0]?.id;
  if (!id) throw new Error("no group");
  return id;
}

describe("bearer check", () => {
  it("refuses a missing token with 401 / 190 in Meta's envelope", async () => {
    const res = await g.get(`/${PHONE}/groups`, { token: null });
    const err = await expectEnvelope(res, 401, 190);
    expect(err.message).toBe("Invalid OAuth access token - Cannot parse access token");
    expect(err.type).toBe("OAuthException");
  });

  it("refuses a wrong token, on writes too", async () => {
    await expectEnvelope(await g.get(`/${PHONE}/groups`, { token: "nope" }), 401, 190);
    const res = await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "x" }, { token: "nope" });
    await expectEnvelope(res, 401, 190);
  });

  it("gives a different fbtrace_id every time", async () => {
    const a = await expectEnvelope(await g.get(`/${PHONE}/groups`, { token: null }), 401, 190);
    const b = await expectEnvelope(await g.get(`/${PHONE}/groups`, { token: null }), 401, 190);
    expect(a.fbtrace_id).not.toBe(b.fbtrace_id);
  });
});

describe("success shapes", () => {
  it("lists groups newest first with Graph-style dates and deterministic seed names", async () => {
    const res = await g.get(`/${PHONE}/groups`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as GroupsPage;
    expect(page.data.groups).toHaveLength(5);
    const first = page.data.groups[0];
    expect(first).toEqual({ id: expect.any(String), subject: "Community group 0001", created_at: "2026-01-01T00:00:00+0000" });
    for (const gr of page.data.groups) expect(gr.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const dates = page.data.groups.map((x) => x.created_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(page.paging.cursors.before).toEqual(expect.any(String));
    expect(page.paging.cursors.after).toEqual(expect.any(String));
    expect(page.paging.next).toBeUndefined();
    expect(page.paging.previous).toBeUndefined();
    expect(Buffer.from(first?.id ?? "", "base64url").toString()).toMatch(new RegExp(`^capi_group:${PHONE}:\\d+$`));
  });

  it("accepts any /vNN.N/ prefix", async () => {
    const res = await fetch(`${emu.url}/v21.0/${PHONE}/groups?limit=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it("creates a group: request_id at once, the group after the delay", async () => {
    const res = await g.post(`/${PHONE}/groups`, {
      messaging_product: "whatsapp",
      subject: "  Launch crew  ",
      description: "All about the launch",
      join_approval_mode: "approval_required",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messaging_product: string; request_id: string };
    expect(body).toEqual({ messaging_product: "whatsapp", request_id: expect.stringMatching(/^[0-9A-F]{32}$/) });
    let created: GroupsPage["data"]["groups"][number] | undefined;
    await waitUntil(async () => {
      const page = (await (await g.get(`/${PHONE}/groups?limit=1`)).json()) as GroupsPage;
      created = page.data.groups.find((x) => x.subject === "Launch crew");
      return created !== undefined;
    });
    const info = await (
      await g.get(
        `/${created?.id}?fields=subject,description,join_approval_mode,participants,total_participant_count,suspended,creation_timestamp`,
      )
    ).json();
    expect(info).toEqual({
      messaging_product: "whatsapp",
      id: created?.id,
      subject: "Launch crew",
      description: "All about the launch",
      join_approval_mode: "approval_required",
      participants: [],
      total_participant_count: 0,
      suspended: false,
      creation_timestamp: expect.any(Number),
    });
  });

  it("group info without fields gives only the id", async () => {
    const id = await firstGroupId();
    expect(await (await g.get(`/${id}`)).json()).toEqual({ messaging_product: "whatsapp", id });
  });

  it("group info refuses an unknown field, naming it", async () => {
    const id = await firstGroupId();
    const err = await expectEnvelope(await g.get(`/${id}?fields=subject,colour`), 400, 100);
    expect(err.message).toContain("colour");
  });

  it("updates settings: {success:true} and the new subject shows", async () => {
    const id = await firstGroupId();
    const res = await g.post(`/${id}`, { messaging_product: "whatsapp", subject: " Renamed ", description: "New text" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(await (await g.get(`/${id}?fields=subject,description`)).json()).toEqual({
      messaging_product: "whatsapp",
      id,
      subject: "Renamed",
      description: "New text",
    });
  });

  it("gets and resets the invite link; the old one stops working", async () => {
    const id = await firstGroupId();
    const first = (await (await g.get(`/${id}/invite_link`)).json()) as { invite_link: string };
    expect(first).toEqual({
      messaging_product: "whatsapp",
      invite_link: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/),
    });
    const res = await g.post(`/${id}/invite_link`, { messaging_product: "whatsapp" });
    const second = (await res.json()) as { invite_link: string };
    expect(second.invite_link).not.toBe(first.invite_link);
    expect((await (await g.get(`/${id}/invite_link`)).json()) as object).toEqual({
      messaging_product: "whatsapp",
      invite_link: second.invite_link,
    });
    const join = await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550001", invite_link: first.invite_link });
    await expectEnvelope(join, 400, 100);
    expect(
      (await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550001", invite_link: second.invite_link })).status,
    ).toBe(200);
  });

  it("deletes a group: {success:true}, then it is unknown (131041)", async () => {
    const id = await firstGroupId();
    const res = await g.del(`/${id}`);
    expect(await res.json()).toEqual({ success: true });
    await expectEnvelope(await g.get(`/${id}?fields=subject`), 400, 131041);
    const page = (await (await g.get(`/${PHONE}/groups`)).json()) as GroupsPage;
    expect(page.data.groups.map((x) => x.id)).not.toContain(id);
  });

  it("removes participants: {success:true}; the removed user is gone", async () => {
    const id = await firstGroupId();
    await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550111" });
    const res = await g.del(`/${id}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: "+1 650-555-0111" }],
    });
    expect(await res.json()).toEqual({ success: true });
    const info = (await (await g.get(`/${id}?fields=participants`)).json()) as { participants: { wa_id: string }[] };
    expect(info.participants.map((p) => p.wa_id)).not.toContain("16505550111");
  });

  it("lists, approves and rejects join requests", async () => {
    await g.post(`/${PHONE}/groups`, {
      messaging_product: "whatsapp",
      subject: "Approval",
      join_approval_mode: "approval_required",
    });
    let id = "";
    await waitUntil(async () => {
      const page = (await (await g.get(`/${PHONE}/groups?limit=3`)).json()) as GroupsPage;
      id = page.data.groups.find((x) => x.subject === "Approval")?.id ?? "";
      return id !== "";
    });
    const a = (await (await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550201" })).json()) as {
      join_request_id: string;
    };
    const b = (await (await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550202" })).json()) as {
      join_request_id: string;
    };
    const list = (await (await g.get(`/${id}/join_requests`)).json()) as {
      data: { join_request_id: string; wa_id: string; creation_timestamp: number }[];
    };
    expect(list.data).toHaveLength(2);
    expect(list.data[0]).toEqual({
      join_request_id: expect.any(String),
      wa_id: expect.any(String),
      creation_timestamp: expect.any(Number),
    });

    const approve = await g.post(`/${id}/join_requests`, { messaging_product: "whatsapp", join_requests: [a.join_request_id] });
    expect(await approve.json()).toEqual({ messaging_product: "whatsapp", approved_join_requests: [a.join_request_id] });

    const reject = await g.del(`/${id}/join_requests`, {
      messaging_product: "whatsapp",
      join_requests: [b.join_request_id, "missing-id"],
    });
    expect(reject.status).toBe(206);
    const rejected = (await reject.json()) as Record<string, unknown>;
    expect(rejected.rejected_join_requests).toEqual([b.join_request_id]);
    expect(rejected.failed_join_requests).toEqual([
      { join_request_id: "missing-id", errors: [expect.objectContaining({ code: 131213 })] },
    ]);
    expect(rejected.errors).toEqual(expect.any(Array));

    const info = (await (await g.get(`/${id}?fields=participants`)).json()) as { participants: { wa_id: string }[] };
    expect(info.participants).toEqual([{ wa_id: "16505550201" }]);
    const after = (await (await g.get(`/${id}/join_requests`)).json()) as { data: unknown[] };
    expect(after.data).toEqual([]);
  });
});

describe("validation", () => {
  const create = (body: Record<string, unknown>) => g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", ...body });

  it("refuses a 129-character subject after trimming", async () => {
    const err = await expectEnvelope(await create({ subject: `  ${"a".repeat(129)}  ` }), 400, 100);
    expect(err.message).toContain("subject");
  });

  it("accepts 128 characters with surrounding spaces, trimmed", async () => {
    const subject = "b".repeat(128);
    expect((await create({ subject: `   ${subject}   ` })).status).toBe(200);
    await waitUntil(async () => {
      const page = (await (await g.get(`/${PHONE}/groups?limit=1`)).json()) as GroupsPage;
      return page.data.groups[0]?.subject === subject;
    });
  });

  it("requires a subject, and refuses one that is only spaces", async () => {
    expect((await expectEnvelope(await create({}), 400, 100)).message).toContain("subject");
    expect((await expectEnvelope(await create({ subject: "   " }), 400, 100)).message).toContain("subject");
  });

  it("refuses a 2049-character description", async () => {
    const err = await expectEnvelope(await create({ subject: "ok", description: "d".repeat(2049) }), 400, 100);
    expect(err.message).toContain("description");
    expect((await create({ subject: "ok", description: "d".repeat(2048) })).status).toBe(200);
  });

  it("refuses a bad join_approval_mode", async () => {
    const err = await expectEnvelope(await create({ subject: "ok", join_approval_mode: "sometimes" }), 400, 100);
    expect(err.message).toContain("join_approval_mode");
  });

  it("refuses a wrong or missing messaging_product", async () => {
    const wrong = await g.post(`/${PHONE}/groups`, { messaging_product: "sms", subject: "x" });
    expect((await expectEnvelope(wrong, 400, 100)).message).toContain("messaging_product");
    const missing = await g.post(`/${PHONE}/groups`, { subject: "x" });
    expect((await expectEnvelope(missing, 400, 100)).message).toContain("messaging_product");
  });

  it("refuses limit 0, 1025 and non-integers", async () => {
    for (const limit of ["0", "1025", "abc", "2.5", "-1"]) {
      const err = await expectEnvelope(await g.get(`/${PHONE}/groups?limit=${limit}`), 400, 100);
      expect(err.message).toContain("limit");
    }
    expect((await g.get(`/${PHONE}/groups?limit=1024`)).status).toBe(200);
    expect((await g.get(`/${PHONE}/groups?limit=1`)).status).toBe(200);
  });

  it("refuses an empty join_requests array and bad participants lists", async () => {
    const id = await firstGroupId();
    const jr = await g.post(`/${id}/join_requests`, { messaging_product: "whatsapp", join_requests: [] });
    expect((await expectEnvelope(jr, 400, 100)).message).toContain("join_requests");
    const none = await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: [] });
    expect((await expectEnvelope(none, 400, 100)).message).toContain("participants");
    const nine = Array.from({ length: 9 }, (_, i) => ({ user: `1650555000${i}` }));
    const tooMany = await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: nine });
    expect((await expectEnvelope(tooMany, 400, 100)).message).toContain("participants");
  });

  it("answers an unknown phone number id with 400 code 100", async () => {
    const err = await expectEnvelope(await g.post(`/999999/groups`, { messaging_product: "whatsapp", subject: "x" }), 400, 100);
    expect(err.message).toContain("Unsupported post request. Object with ID '999999' does not exist");
    await expectEnvelope(await g.get(`/999999/groups`), 400, 100);
  });

  it("answers an unknown group with 131041 on every group call", async () => {
    const id = Buffer.from(`capi_group:${PHONE}:999`).toString("base64url");
    await expectEnvelope(await g.get(`/${id}?fields=subject`), 400, 131041);
    await expectEnvelope(await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "x" }), 400, 131041);
    await expectEnvelope(await g.del(`/${id}`), 400, 131041);
    await expectEnvelope(await g.get(`/${id}/invite_link`), 400, 131041);
    await expectEnvelope(await g.get(`/${id}/join_requests`), 400, 131041);
    await expectEnvelope(
      await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: [{ user: "1" }] }),
      400,
      131041,
    );
  });
});

describe("robustness", () => {
  it("answers malformed JSON with 400 code 100", async () => {
    const err = await expectEnvelope(await g.post(`/${PHONE}/groups`, "{ not json"), 400, 100);
    expect(err.message).toContain("JSON");
  });

  it("answers a 2 MB body with an envelope and stays alive", async () => {
    const big = JSON.stringify({ messaging_product: "whatsapp", subject: "x", description: "z".repeat(2 * 1024 * 1024) });
    const res = await g.post(`/${PHONE}/groups`, big);
    expect([400, 413]).toContain(res.status);
    const body = (await res.json()) as { error: { code: number; fbtrace_id: string } };
    expect(body.error.fbtrace_id).toEqual(expect.any(String));
    expect((await g.get(`/${PHONE}/groups?limit=1`)).status).toBe(200);
  });

  it("handles odd content types and bodies without crashing", async () => {
    const res = await fetch(`${emu.url}/v23.0/${PHONE}/groups`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "text/plain" },
      body: "\u0000\u0001binary",
    });
    await expectEnvelope(res, 400, 100);
    const arr = await g.post(`/${PHONE}/groups`, "[1,2,3]");
    await expectEnvelope(arr, 400, 100);
    const form = await fetch(`${emu.url}/v23.0/${PHONE}/groups`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "messaging_product=whatsapp&subject=Form+made",
    });
    expect(form.status).toBe(200);
    const badPct = await fetch(`${emu.url}/v23.0/%E0%A4%A/groups`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await expectEnvelope(badPct, 400, 100);
    expect((await g.get(`/${PHONE}/groups?limit=1`)).status).toBe(200);
  });

  it("answers unknown paths and unversioned paths with an envelope", async () => {
    await expectEnvelope(await g.get(`/${PHONE}/nothing_here`), 400, 100);
    await expectEnvelope(await g.get(`/a/b/c/d`), 400, 100);
    await expectEnvelope(await g.get(`//groups`), 400, 100);
    expect((await g.get(`/${PHONE}/groups/`)).status).toBe(200);
    await expectEnvelope(await g.post(`/x/participants`, { messaging_product: "whatsapp" }), 400, 100);
    const unversioned = await fetch(`${emu.url}/${PHONE}/groups`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await expectEnvelope(unversioned, 400, 100);
    const root = await fetch(`${emu.url}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    await expectEnvelope(root, 400, 100);
    const control = await g.control("GET", "/nope");
    await expectEnvelope(control, 404, 100);
  });

  it("refuses method not offered (POST participants) with code 100", async () => {
    const id = await firstGroupId();
    const err = await expectEnvelope(await g.post(`/${id}/participants`, { messaging_product: "whatsapp" }), 400, 100);
    expect(err.message).toContain("Unsupported post request");
  });
});

describe("control API", () => {
  it("records Graph calls in the call log, without control calls", async () => {
    const before = epochMs();
    await g.get(`/${PHONE}/groups?limit=2`);
    const after = epochMs();
    await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "Logged" });
    const { calls } = (await (await g.control("GET", "/calls")).json()) as {
      calls: {
        method: string;
        path: string;
        query: Record<string, string>;
        body: unknown;
        authorization: string;
        contentType: string;
        at: string;
        receivedAtMs: number;
        answeredAtMs: number | null;
      }[];
    };
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      method: "GET",
      path: `/v23.0/${PHONE}/groups`,
      query: { limit: "2" },
      authorization: `Bearer ${TOKEN}`,
    });
    expect(calls[1]).toMatchObject({
      method: "POST",
      body: { messaging_product: "whatsapp", subject: "Logged" },
      contentType: "application/json",
      userAgent: "whatsapp-groups-dashboard/0.2.0",
    });
    expect(Date.parse(calls[1]?.at ?? "")).not.toBeNaN();
    // The same clock as this process's, to the fraction of a millisecond: received and answered while the call was out.
    const { receivedAtMs, answeredAtMs } = calls[0]!;
    expect(receivedAtMs).toBeGreaterThanOrEqual(before);
    expect(answeredAtMs).toBeGreaterThanOrEqual(receivedAtMs);
    expect(answeredAtMs).toBeLessThanOrEqual(after);
  });

  it("reports state, seeds deterministically, caps at 10,000 and resets", async () => {
    const state = await (await g.control("GET", "/state")).json();
    expect(state).toEqual({
      phoneNumberIds: [PHONE, "106540352242923"],
      groups: { [PHONE]: 5, "106540352242923": 5 },
      pendingCreates: 0,
      pendingUpdates: 0,
      webhooksInFlight: 0,
      faults: [],
    });
    expect(await (await g.control("POST", "/seed", { phoneNumberId: PHONE, count: 10 })).json()).toEqual({ ok: true, total: 15 });
    expect(await (await g.control("POST", "/seed", { phoneNumberId: PHONE, count: 10_000 })).json()).toEqual({
      ok: true,
      total: 10_000,
    });
    await g.control("POST", "/reset", { seedGroups: 2, phoneNumberIds: ["1111"] });
    expect(await (await g.control("GET", "/state")).json()).toMatchObject({ phoneNumberIds: ["1111"], groups: { "1111": 2 } });
    await g.control("POST", "/reset", { phoneNumberIds: [PHONE, "106540352242923"] });
  });

  it("gives the same seeded groups after every reset, under new IDs (Meta never reuses one)", async () => {
    const a = (await (await g.get(`/${PHONE}/groups`)).json()) as GroupsPage;
    await g.control("POST", "/reset", {});
    const b = (await (await g.get(`/${PHONE}/groups`)).json()) as GroupsPage;
    const withoutIds = (p: GroupsPage) => p.data.groups.map(({ subject, created_at }) => ({ subject, created_at }));
    expect(withoutIds(b)).toEqual(withoutIds(a));
    expect(b.data.groups.filter((g) => a.data.groups.some((x) => x.id === g.id))).toEqual([]);
  });

  it("shows a group's full internal state", async () => {
    const id = await firstGroupId();
    const snap = await (await g.control("GET", `/groups/${id}`)).json();
    expect(snap).toEqual({
      id,
      phoneNumberId: PHONE,
      subject: "Community group 0001",
      description: expect.any(String),
      joinApprovalMode: "auto_approve",
      createdAt: "2026-01-01T00:00:00+0000",
      inviteLink: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\//),
      participants: [],
      joinRequests: [],
      suspended: false,
      profilePicture: null,
      identities: {},
    });
    await expectEnvelope(await g.control("GET", "/groups/unknown"), 400, 131041);
  });

  it("refuses bad control bodies with an envelope", async () => {
    await expectEnvelope(await g.control("POST", "/faults", { method: "PATCH" }), 400, 100);
    await expectEnvelope(await g.control("POST", "/config", { createDelayMs: -1 }), 400, 100);
    await expectEnvelope(await g.control("POST", "/seed", { phoneNumberId: "42", count: 1 }), 400, 100);
  });

  it("over 8 participants answers 131204", async () => {
    const id = await firstGroupId();
    for (let i = 0; i < 8; i++) {
      expect(await (await g.control("POST", `/groups/${id}/join`, { wa_id: `1650555100${i}` })).json()).toEqual({
        participant: true,
      });
    }
    await expectEnvelope(await g.control("POST", `/groups/${id}/join`, { wa_id: "16505551009" }), 400, 131204);
  });

  it("suspension blocks writes with 131207 and shows in group info", async () => {
    const id = await firstGroupId();
    expect((await g.control("POST", `/groups/${id}/suspend`, { suspended: true })).status).toBe(200);
    expect(await (await g.get(`/${id}?fields=suspended`)).json()).toEqual({ messaging_product: "whatsapp", id, suspended: true });
    await expectEnvelope(await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "x" }), 403, 131207);
    await g.control("POST", `/groups/${id}/suspend`, { suspended: false });
    expect((await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "x" })).status).toBe(200);
  });
});
