import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTestJpeg } from "@/emulator/jpeg";
import type { Database } from "@/lib/db/schema";
import { listChanges } from "@/lib/db/group-changes";
import { toChangeView } from "@/lib/groups/change-views";
import {
  answerJoinRequests,
  deleteGroup,
  type ManageDeps,
  removeGroupParticipants,
  updateGroupPicture,
  updateGroupSettings,
} from "@/lib/groups/manage";
import { eventually, PHONE, type TestEmulator } from "../graph/support";
import { emulatorWithDeliveries, freshDb } from "../webhooks/helpers";

const MANAGER = { id: "2", email: "manager@example.com", role: "manager" };

describe("managing a group: each change is submitted, then settled by the webhook that reports it", () => {
  let emulator: TestEmulator;
  let db: Kysely<Database>;
  let webhookUrl: string;
  let deps: ManageDeps;
  let groupId: string;

  emulatorWithDeliveries(
    () => db,
    (started, url) => {
      emulator = started;
      webhookUrl = url;
    },
  );
  beforeEach(async () => {
    await emulator.reset({ seedGroups: 1 });
    await emulator.control.config({ webhookUrl, webhookDelayMs: 0, identityShape: "wa_id" });
    db = await freshDb();
    deps = { db, graph: emulator.client(), user: MANAGER };
    groupId = (await emulator.client().listGroups(PHONE)).groups[0]!.id;
  });
  afterEach(async () => {
    await emulator.control.config({ identityShape: "wa_id" });
    await db.destroy();
  });

  const settled = () =>
    eventually(async () => {
      const [latest] = await listChanges(db, groupId, 1);
      return latest && latest.status !== "submitted" && latest.status !== "sending" ? toChangeView(latest) : undefined;
    });

  it("a subject and description change: submitted, then applied", async () => {
    await emulator.control.config({ webhookDelayMs: 150 });
    const result = await updateGroupSettings(deps, { groupId, subject: "Book Club Lisbon", description: "Monthly" });
    expect(result.ok).toBe(true);
    expect((await listChanges(db, groupId))[0]).toMatchObject({ status: "submitted", kind: "settings" });
    expect(await settled()).toMatchObject({
      status: "applied",
      summary: "Change subject to “Book Club Lisbon” and the description",
      items: [
        { label: "Subject", ok: true },
        { label: "Description", ok: true },
      ],
    });
  });

  it("a change Meta fails by webhook is failed with Meta's reason", async () => {
    await emulator.fault({ times: 1, settingsFailure: { code: 131207, title: "Group suspended", details: "Try later" } });
    expect((await updateGroupSettings(deps, { groupId, subject: "Nope" })).ok).toBe(true);
    expect(await settled()).toMatchObject({
      status: "failed",
      items: [{ label: "Subject", ok: false, reason: "Group suspended. Try later." }],
    });
  });

  it("removing someone who is not in the group is partly applied, naming who failed and why", async () => {
    await emulator.join(groupId, "16505550101");
    const result = await removeGroupParticipants(deps, { groupId, participants: ["16505550101", "16505550999"] });
    expect(result.ok).toBe(true);
    const change = await settled();
    expect(change.status).toBe("partly-applied");
    expect(change.items).toEqual([
      { label: "16505550101", ok: true },
      { label: "16505550999", ok: false, reason: expect.stringContaining("not a participant") },
    ]);
  });

  it("settles a removal whose webhook names people only by their business-scoped user_id", async () => {
    await emulator.join(groupId, "16505550102");
    await emulator.control.config({ identityShape: "user_id" });
    await removeGroupParticipants(deps, { groupId, participants: ["16505550102"] });
    expect(await settled()).toMatchObject({ status: "applied", items: [{ label: "16505550102", ok: true }] });
  });

  it("a picture is matched to its webhook by the file's hash; a bad one never reaches Meta", async () => {
    const wide = await updateGroupPicture(deps, { groupId, bytes: new Uint8Array(makeTestJpeg(400, 300)) });
    expect(wide).toMatchObject({ ok: false, kind: "invalid-input", message: expect.stringContaining("400 × 300") });
    const notJpeg = await updateGroupPicture(deps, { groupId, bytes: new Uint8Array(Buffer.from("GIF89a not a jpeg")) });
    expect(notJpeg).toMatchObject({ ok: false, message: expect.stringContaining("JPEG") });
    expect((await emulator.calls()).filter((c) => c.method === "POST")).toHaveLength(0);

    expect((await updateGroupPicture(deps, { groupId, bytes: new Uint8Array(makeTestJpeg(512, 512)) })).ok).toBe(true);
    expect(await settled()).toMatchObject({ status: "applied", summary: "New profile picture" });
  });

  it("delete needs the exact subject, and a delete Meta fails is failed", async () => {
    const { subject } = await emulator.client().getGroup(groupId, ["subject"]);
    const wrong = await deleteGroup(deps, { groupId, confirmSubject: `${subject} (typo)` });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { confirmSubject: [expect.stringContaining(subject!)] } });
    await emulator.fault({ times: 1, deleteFailure: { code: 131207, title: "Group suspended" } });
    expect((await deleteGroup(deps, { groupId, confirmSubject: subject! })).ok).toBe(true);
    expect(await settled()).toMatchObject({ status: "failed", error: "Group suspended." });
  });

  it("join requests: partial success lists each outcome; none left is a sentence, not a crash", async () => {
    await emulator.control.reset({ seedGroups: 0 });
    const created = await emulator.client().createGroup(PHONE, { subject: "Approvals", joinApprovalMode: "approval_required" });
    expect(created.requestId).toBeTruthy();
    const group = await eventually(async () => (await emulator.client().listGroups(PHONE)).groups[0]);
    const ids = await emulator.control.joinRequests(group.id, { count: 3 });
    await emulator.control.revokeJoinRequest(group.id, ids[1]!);
    const answer = await answerJoinRequests(deps, { groupId: group.id, decision: "approve", joinRequestIds: ids });
    expect(answer).toMatchObject({
      ok: true,
      data: {
        succeeded: [ids[0], ids[2]],
        failed: [{ joinRequestId: ids[1], reason: expect.stringContaining("no longer exists") }],
      },
    });
    const none = await answerJoinRequests(deps, { groupId: group.id, decision: "reject", joinRequestIds: [ids[1]!] });
    expect(none).toMatchObject({ ok: false, kind: "join-request-gone", title: "Join request no longer there" });
  });
});
