import { describe, expect, it } from "vitest";
import { makeTestJpeg } from "@/emulator/jpeg";
import { emulatorSuite, expectEnvelope, field, type GroupsPage, PHONE, pictureForm, quiet, update, waitUntil } from "./helpers";

const { g, hook } = emulatorSuite({ seed: 3, createDelayMs: 20, webhooks: true, config: { webhookDelayMs: 0 } });
const DELAY = 250;

async function groupIds(): Promise<string[]> {
  const page = (await (await g.get(`/${PHONE}/groups?limit=100`)).json()) as GroupsPage;
  return page.data.groups.map((x) => x.id);
}

async function firstGroup(): Promise<string> {
  const [id] = await groupIds();
  if (!id) throw new Error("no group");
  return id;
}

const subjectOf = async (id: string) => ((await (await g.get(`/${id}?fields=subject`)).json()) as { subject: string }).subject;

describe("webhookDelayMs: changes stay pending until their webhook goes out", () => {
  it("is 0 by default and shows in GET /__emulator/config", async () => {
    const config = await g.ctl.getConfig();
    expect(config).toMatchObject({ webhookDelayMs: 0, identityShape: "wa_id", strictUserAgent: false, createDelayMs: 20 });
    expect(await g.ctl.config({ webhookDelayMs: DELAY })).toMatchObject({ webhookDelayMs: DELAY });
    await expectEnvelope(await g.control("POST", "/config", { webhookDelayMs: -1 }), 400, 100);
    await expectEnvelope(await g.control("POST", "/config", { webhookDelayMs: 3_600_001 }), 400, 100);
  });

  it("settings update: 200 at once, the old subject shows until group_settings_update arrives", async () => {
    await g.ctl.config({ webhookDelayMs: DELAY });
    const id = await firstGroup();
    const before = await subjectOf(id);
    const started = Date.now();
    const res = await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Later name" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(await subjectOf(id)).toBe(before);
    expect((await g.ctl.state()).pendingUpdates).toBe(1);
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(Date.now() - started).toBeGreaterThanOrEqual(DELAY - 10);
    expect(update(w)).toMatchObject({ group_subject: { text: "Later name", update_successful: true } });
    expect(await subjectOf(id)).toBe("Later name");
    expect((await g.ctl.state()).pendingUpdates).toBe(0);
  });

  it("picture upload is delayed the same way", async () => {
    await g.ctl.config({ webhookDelayMs: DELAY });
    const id = await firstGroup();
    expect((await g.send("POST", `/${id}`, { body: pictureForm(makeTestJpeg(300, 300)) })).status).toBe(200);
    expect((await g.ctl.group(id)).profilePicture).toBeNull();
    await hook.waitFor((x) => field(x) === "group_settings_update");
    expect((await g.ctl.group(id)).profilePicture).toMatchObject({ width: 300, height: 300 });
  });

  it("delete: {success:true} at once, the group stays listed until group_delete arrives", async () => {
    await g.ctl.config({ webhookDelayMs: DELAY });
    const id = await firstGroup();
    expect(await (await g.del(`/${id}`)).json()).toEqual({ success: true });
    expect(await groupIds()).toContain(id);
    expect((await g.get(`/${id}?fields=subject`)).status).toBe(200);
    const w = await hook.waitFor((x) => update(x).type === "group_delete");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_delete",
      request_id: expect.any(String),
    });
    await expectEnvelope(await g.get(`/${id}?fields=subject`), 400, 131041);
    expect(await groupIds()).not.toContain(id);
  });

  it("two deletes while pending: both answer success, one webhook, the group goes once", async () => {
    await g.ctl.config({ webhookDelayMs: 100 });
    const id = await firstGroup();
    expect((await g.del(`/${id}`)).status).toBe(200);
    expect((await g.del(`/${id}`)).status).toBe(200);
    await quiet(g.ctl);
    expect(hook.received.filter((x) => update(x).type === "group_delete" && update(x).group_id === id)).toHaveLength(1);
  });

  it("participant removal: still a participant until group_participants_remove arrives", async () => {
    const id = await firstGroup();
    await g.ctl.join(id, "16505550701");
    await g.ctl.config({ webhookDelayMs: DELAY });
    await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: [{ user: "16505550701" }] });
    expect((await g.ctl.group(id)).participants).toContain("16505550701");
    await hook.waitFor((x) => update(x).type === "group_participants_remove");
    expect((await g.ctl.group(id)).participants).not.toContain("16505550701");
  });

  it("reset drops pending updates: no webhook, no change", async () => {
    await g.ctl.config({ webhookDelayMs: 150 });
    const id = await firstGroup();
    const before = await subjectOf(id);
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Never" });
    await g.ctl.reset();
    expect((await g.ctl.state()).pendingUpdates).toBe(0);
    await quiet(g.ctl);
    expect(hook.received.filter((x) => update(x).group_id === id)).toHaveLength(0);
    // The same seeded group, under its new ID: unchanged.
    expect(await subjectOf(await firstGroup())).toBe(before);
  });

  it("an update pending on a group deleted meanwhile is dropped", async () => {
    await g.ctl.config({ webhookDelayMs: 120 });
    const id = await firstGroup();
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Too late" });
    await g.ctl.config({ webhookDelayMs: 0 });
    await g.del(`/${id}`);
    await quiet(g.ctl);
    expect(hook.received.filter((x) => update(x).group_id === id).map((x) => field(x))).toEqual(["group_lifecycle_update"]);
  });
});

describe("settingsFailure", () => {
  it("answers 200, reports update_successful:false with errors for each changed item, and changes nothing", async () => {
    const id = await firstGroup();
    const beforeSnap = await g.ctl.group(id);
    const faultId = await g.ctl.addFault({
      method: "POST",
      times: 1,
      settingsFailure: { code: 131207, title: "Group suspended", details: "Suspended while updating" },
    });
    expect(faultId).toBe("f1");
    const res = await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Nope", description: "Nope either" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_settings_update",
      request_id: expect.stringMatching(/^[0-9A-F]{32}$/),
      group_subject: { text: "Nope", update_successful: false },
      group_description: { text: "Nope either", update_successful: false },
      errors: [
        {
          code: 131207,
          message: "(#131207) Group suspended",
          title: "Group suspended",
          error_data: { details: "Suspended while updating" },
        },
      ],
    });
    const after = await g.ctl.group(id);
    expect(after.subject).toBe(beforeSnap.subject);
    expect(after.description).toBe(beforeSnap.description);
    // times: 1 → the next update goes through
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Fine" });
    await waitUntil(async () => (await g.ctl.group(id)).subject === "Fine");
  });

  it("covers a picture too, and fills in a default title", async () => {
    const id = await firstGroup();
    await g.ctl.addFault({ settingsFailure: { code: 131210 } });
    const jpeg = makeTestJpeg(300, 300);
    expect((await g.send("POST", `/${id}`, { body: pictureForm(jpeg) })).status).toBe(200);
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(update(w)).toMatchObject({
      profile_picture: { mime_type: "image/jpeg", update_successful: false },
      errors: [
        {
          code: 131210,
          title: "Group settings update failed",
          message: "(#131210) Group settings update failed",
          error_data: { details: "Group settings update failed" },
        },
      ],
    });
    expect((await g.ctl.group(id)).profilePicture).toBeNull();
  });

  it("only applies to POST /{group}: other calls pass and keep the rule", async () => {
    const id = await firstGroup();
    await g.ctl.addFault({ times: 1, settingsFailure: { code: 1 } });
    expect((await g.post(`/${id}/invite_link`, { messaging_product: "whatsapp" })).status).toBe(200);
    expect((await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: [{ user: "1650" }] })).status).toBe(
      200,
    );
    expect(await g.ctl.faults()).toHaveLength(1);
  });

  it("combines with webhookDelayMs", async () => {
    await g.ctl.config({ webhookDelayMs: 100 });
    const id = await firstGroup();
    await g.ctl.addFault({ times: 1, settingsFailure: { code: 2 } });
    await g.post(`/${id}`, { messaging_product: "whatsapp", subject: "Delayed failure" });
    expect(hook.received).toHaveLength(0);
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(update(w)).toMatchObject({ group_subject: { update_successful: false }, errors: [{ code: 2 }] });
  });
});

describe("deleteFailure", () => {
  it("answers {success:true}, group_delete carries errors, and the group stays", async () => {
    const id = await firstGroup();
    await g.ctl.addFault({
      method: "DELETE",
      path: "/*",
      times: 1,
      deleteFailure: { code: 131041, title: "Group not found", message: "Could not delete", details: "Try later" },
    });
    const res = await g.del(`/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    const w = await hook.waitFor((x) => update(x).type === "group_delete");
    expect(field(w)).toBe("group_lifecycle_update");
    expect(update(w)).toEqual({
      timestamp: expect.any(String),
      group_id: id,
      type: "group_delete",
      request_id: expect.any(String),
      errors: [{ code: 131041, message: "Could not delete", title: "Group not found", error_data: { details: "Try later" } }],
    });
    expect(await groupIds()).toContain(id);
    expect((await g.get(`/${id}?fields=subject`)).status).toBe(200);
  });

  it("does not touch DELETE on edges (join_requests, participants)", async () => {
    const id = await firstGroup();
    await g.ctl.addFault({ deleteFailure: { code: 1 } });
    await g.del(`/${id}/participants`, { messaging_product: "whatsapp", participants: [{ user: "1650555" }] });
    const w = await hook.waitFor((x) => update(x).type === "group_participants_remove");
    expect(update(w).errors).toBeUndefined();
  });

  it("a rule may carry only one of createFailure, settingsFailure, deleteFailure", async () => {
    const res = await g.control("POST", "/faults", { settingsFailure: { code: 1 }, deleteFailure: { code: 2 } });
    const err = await expectEnvelope(res, 400, 100);
    expect(err.message).toContain("at most one");
    await expectEnvelope(await g.control("POST", "/faults", { settingsFailure: { title: "no code" } }), 400, 100);
  });
});

describe("participant removal failures", () => {
  it("lists each user not in the group in failed_participants with error 131212", async () => {
    const id = await firstGroup();
    await g.ctl.join(id, "16505550801");
    await g.del(`/${id}/participants`, {
      messaging_product: "whatsapp",
      participants: [{ user: "+1 650 555 0801" }, { user: "16505550999" }, { user: "not-a-number" }],
    });
    const w = await hook.waitFor((x) => update(x).type === "group_participants_remove");
    const u = update(w);
    expect(u.removed_participants).toEqual([{ input: "+1 650 555 0801" }]);
    const failed = u.failed_participants as { input: string; errors: Record<string, unknown>[] }[];
    expect(failed.map((f) => f.input)).toEqual(["16505550999", "not-a-number"]);
    for (const f of failed) {
      expect(f.errors).toEqual([
        {
          code: 131212,
          message: "(#131212) Participant not in group",
          title: "Participant not in group",
          error_data: { details: `User ${f.input} is not a participant of this group.` },
        },
      ]);
    }
  });
});
