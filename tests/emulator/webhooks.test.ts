import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APP_SECRET, emulatorSuite, field, type GroupsPage, PHONE, quiet, update, waitUntil } from "./helpers";

const DELAY = 150;
const { g, hook } = emulatorSuite({
  seed: 3,
  createDelayMs: DELAY,
  webhooks: true,
  start: { webhookRetryDelayMs: 100 },
  config: { createDelayMs: DELAY },
});

async function groupIds(): Promise<string[]> {
  const page = (await (await g.get(`/${PHONE}/groups?limit=100`)).json()) as GroupsPage;
  return page.data.groups.map((x) => x.id);
}

async function createAndWait(body: Record<string, unknown>): Promise<{ requestId: string; groupId: string }> {
  const res = await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", ...body });
  const { request_id } = (await res.json()) as { request_id: string };
  const w = await hook.waitFor((x) => update(x).request_id === request_id);
  return { requestId: request_id, groupId: String(update(w).group_id) };
}

describe("group create", () => {
  it("makes the group only after the delay and posts a signed group_lifecycle_update", async () => {
    const before = await groupIds();
    const started = Date.now();
    const res = await g.post(`/${PHONE}/groups`, {
      messaging_product: "whatsapp",
      subject: "Signed group",
      description: "hello",
      join_approval_mode: "approval_required",
    });
    const { request_id } = (await res.json()) as { request_id: string };
    expect(await groupIds()).toEqual(before);
    expect(((await (await g.control("GET", "/state")).json()) as { pendingCreates: number }).pendingCreates).toBe(1);

    const w = await hook.waitFor((x) => update(x).request_id === request_id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DELAY - 10);
    expect(w.signatureValid).toBe(true);
    const expectedSig = "sha256=" + createHmac("sha256", APP_SECRET).update(w.raw).digest("hex");
    expect(w.headers["x-hub-signature-256"]).toBe(expectedSig);
    expect(w.headers["content-type"]).toMatch(/^application\/json/);

    expect(w.body).toEqual({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "group_lifecycle_update",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: expect.any(String), phone_number_id: PHONE },
                groups: [
                  {
                    timestamp: expect.stringMatching(/^\d+$/),
                    group_id: expect.any(String),
                    type: "group_create",
                    request_id,
                    subject: "Signed group",
                    description: "hello",
                    invite_link: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/),
                    join_approval_mode: "approval_required",
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const groupId = String(update(w).group_id);
    expect(await groupIds()).toContain(groupId);
    const link = (await (await g.get(`/${groupId}/invite_link`)).json()) as { invite_link: string };
    expect(link.invite_link).toBe(update(w).invite_link);

    const { deliveries } = (await (await g.control("GET", "/webhooks")).json()) as {
      deliveries: { url: string; body: string; signature: string; status: number | null; at: string }[];
    };
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ url: hook.url, body: w.raw, signature: expectedSig, status: 200 });
  });

  it("with a createFailure fault reports the failure and makes no group", async () => {
    const fault = await g.control("POST", "/faults", {
      method: "POST",
      path: "/*/groups",
      times: 1,
      createFailure: { code: 131215, title: "Not eligible", message: "Number not eligible", details: "Not an OBA" },
    });
    expect(fault.status).toBe(201);
    const before = await groupIds();
    const res = await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "Doomed", description: "d" });
    expect(res.status).toBe(200);
    const { request_id } = (await res.json()) as { request_id: string };
    const w = await hook.waitFor((x) => update(x).request_id === request_id);
    expect(w.signatureValid).toBe(true);
    expect(field(w)).toBe("group_lifecycle_update");
    expect(update(w)).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      type: "group_create",
      request_id,
      subject: "Doomed",
      description: "d",
      errors: [{ code: 131215, message: "Number not eligible", title: "Not eligible", error_data: { details: "Not an OBA" } }],
    });
    await waitUntil(
      async () => ((await (await g.control("GET", "/state")).json()) as { pendingCreates: number }).pendingCreates === 0,
    );
    expect(await groupIds()).toEqual(before);
    // times: 1 → the next create succeeds
    const next = await createAndWait({ subject: "Fine" });
    expect(await groupIds()).toContain(next.groupId);
  });
});

describe("other write webhooks", () => {
  it("settings update → group_settings_update", async () => {
    const [id] = await groupIds();
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "New name", description: "New description" });
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(w.signatureValid).toBe(true);
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_settings_update",
      request_id: expect.any(String),
      group_subject: { text: "New name", update_successful: true },
      group_description: { text: "New description", update_successful: true },
    });
  });

  it("delete → group_lifecycle_update group_delete", async () => {
    const [id] = await groupIds();
    await g.del(`/${id}`);
    const w = await hook.waitFor((x) => update(x).type === "group_delete");
    expect(field(w)).toBe("group_lifecycle_update");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_delete",
      request_id: expect.any(String),
    });
  });

  it("participant remove → group_participants_remove with failed_participants for unknown users", async () => {
    const [id] = await groupIds();
    await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550301" });
    await g.del(`/${id}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: "16505550301" }, { user: "16505559999" }],
    });
    const w = await hook.waitFor((x) => update(x).type === "group_participants_remove");
    expect(field(w)).toBe("group_participants_update");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_participants_remove",
      request_id: expect.any(String),
      initiated_by: "business",
      removed_participants: [{ input: "16505550301" }],
      failed_participants: [{ input: "16505559999", errors: [expect.objectContaining({ code: 131212 })] }],
    });
    // a removed user cannot rejoin through the invite link
    const again = await g.control("POST", `/groups/${id}/join`, { wa_id: "16505550301" });
    expect(again.status).toBe(400);
  });
});

describe("control join simulation", () => {
  it("auto_approve: the person becomes a participant (group_participants_add, reason invite_link)", async () => {
    const { groupId } = await createAndWait({ subject: "Open door", join_approval_mode: "auto_approve" });
    const res = await g.control("POST", `/groups/${groupId}/join`, { wa_id: "16505550401" });
    expect(await res.json()).toEqual({ participant: true });
    const w = await hook.waitFor((x) => update(x).type === "group_participants_add");
    expect(field(w)).toBe("group_participants_update");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: groupId,
      type: "group_participants_add",
      reason: "invite_link",
      added_participants: [{ wa_id: "16505550401" }],
    });
    const info = await (await g.get(`/${groupId}?fields=participants,total_participant_count`)).json();
    expect(info).toEqual({
      messaging_product: "whatsapp",
      id: groupId,
      participants: [{ wa_id: "16505550401" }],
      total_participant_count: 1,
    });
  });

  it("approval_required: a join request, then approve through the Graph API → participant", async () => {
    const { groupId } = await createAndWait({ subject: "Guarded", join_approval_mode: "approval_required" });
    const res = await g.control("POST", `/groups/${groupId}/join`, { wa_id: "16505550501" });
    const { join_request_id } = (await res.json()) as { join_request_id: string };
    expect(join_request_id).toEqual(expect.any(String));
    const created = await hook.waitFor((x) => update(x).type === "group_join_request_created");
    expect(update(created)).toEqual({
      timestamp: expect.any(String),
      group_id: groupId,
      type: "group_join_request_created",
      join_request_id,
      wa_id: "16505550501",
    });
    const snap = (await (await g.control("GET", `/groups/${groupId}`)).json()) as {
      participants: string[];
      joinRequests: unknown[];
    };
    expect(snap.participants).toEqual([]);
    expect(snap.joinRequests).toEqual([{ join_request_id, wa_id: "16505550501", creation_timestamp: expect.any(Number) }]);

    const approve = await g.post(`/${groupId}/join_requests`, {
      messaging_product: "whatsapp",
      join_requests: [join_request_id, "nope"],
    });
    expect(approve.status).toBe(206);
    const answer = (await approve.json()) as Record<string, unknown>;
    expect(answer.approved_join_requests).toEqual([join_request_id]);
    expect(answer.failed_join_requests).toEqual([
      { join_request_id: "nope", errors: [expect.objectContaining({ code: 131213 })] },
    ]);
    const added = await hook.waitFor((x) => update(x).type === "group_participants_add");
    expect(update(added)).toMatchObject({ group_id: groupId, added_participants: [{ wa_id: "16505550501" }] });
    const after = (await (await g.control("GET", `/groups/${groupId}`)).json()) as {
      participants: string[];
      joinRequests: unknown[];
    };
    expect(after.participants).toEqual(["16505550501"]);
    expect(after.joinRequests).toEqual([]);
  });

  it("suspend → group_status_update", async () => {
    const [id] = await groupIds();
    await g.control("POST", `/groups/${id}/suspend`, { suspended: true });
    const w = await hook.waitFor((x) => field(x) === "group_status_update");
    expect(update(w)).toEqual({ timestamp: expect.any(String), group_id: id, type: "group_suspend" });
  });
});

describe("delivery failures", () => {
  it("retries once on an error status and logs both attempts", async () => {
    hook.status = 500;
    const [id] = await groupIds();
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Retry me" });
    await waitUntil(async () => {
      const { deliveries } = (await (await g.control("GET", "/webhooks")).json()) as { deliveries: unknown[] };
      return deliveries.length === 2;
    });
    const { deliveries } = (await (await g.control("GET", "/webhooks")).json()) as {
      deliveries: { status: number | null; error?: string }[];
    };
    expect(deliveries.map((d) => d.status)).toEqual([500, 500]);
    expect(deliveries[0]?.error).toEqual(expect.any(String));
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0]?.raw).toBe(hook.received[1]?.raw);
  });

  it("an unreachable webhook URL never crashes the emulator", async () => {
    await g.control("POST", "/config", { webhookUrl: "http://127.0.0.1:1/unreachable" });
    const [id] = await groupIds();
    expect((await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Nobody listens" })).status).toBe(200);
    await waitUntil(async () => {
      const { deliveries } = (await (await g.control("GET", "/webhooks")).json()) as { deliveries: unknown[] };
      return deliveries.length === 2;
    });
    const { deliveries } = (await (await g.control("GET", "/webhooks")).json()) as {
      deliveries: { status: number | null; error?: string }[];
    };
    expect(deliveries[0]).toMatchObject({ status: null, error: expect.any(String) });
    expect((await g.get(`/${PHONE}/groups?limit=1`)).status).toBe(200);
  });

  it("webhookUrl null sends nothing; appSecret changes the signature key", async () => {
    await g.control("POST", "/config", { webhookUrl: null });
    const [id] = await groupIds();
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Silent" });
    await quiet(g.ctl);
    expect(hook.received).toHaveLength(0);

    await g.control("POST", "/config", { webhookUrl: hook.url, appSecret: "other-secret" });
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Other key" });
    const w = await hook.waitFor(() => true);
    expect(w.signatureValid).toBe(false);
    expect(w.headers["x-hub-signature-256"]).toBe("sha256=" + createHmac("sha256", "other-secret").update(w.raw).digest("hex"));
  });
});
