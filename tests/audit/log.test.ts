import { type Kysely, type KyselyPlugin, InsertQueryNode, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeActivity } from "@/lib/audit/sentences";
import { activityViews } from "@/lib/audit/views";
import { listAudit } from "@/lib/db/audit";
import type { AuditEntry, Database } from "@/lib/db/schema";
import { deleteUser, setUserRole, upsertUser } from "@/lib/db/users";
import { createGroupRequest } from "@/lib/groups/create";
import {
  answerJoinRequests,
  deleteGroup,
  type ManageDeps,
  removeGroupParticipants,
  resetInviteLink,
  updateGroupSettings,
} from "@/lib/groups/manage";
import { syncNumber } from "@/lib/groups/sync";
import { runRetention } from "@/lib/jobs/retention";
import { logger } from "@/lib/log";
import { eventually, PHONE, TOKEN, type TestEmulator } from "../graph/support";
import { emulatorWithDeliveries, freshDb } from "../webhooks/helpers";

const ANA = { id: "7", email: "ana@example.com", role: "manager" };
const PASSWORD = "correct-horse-battery-staple";

/** Refuses every insert into audit_log: the log's storage failing while everything else works. */
const auditLogDown: KyselyPlugin = {
  transformQuery({ node }) {
    if (InsertQueryNode.is(node) && node.into?.table.identifier.name === "audit_log") throw new Error("audit_log is unavailable");
    return node;
  },
  transformResult: ({ result }) => Promise.resolve(result),
};

describe("the activity log", () => {
  let emulator: TestEmulator;
  let webhookUrl: string;
  let db: Kysely<Database>;
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
    await emulator.control.config({ webhookUrl, webhookDelayMs: 0, createDelayMs: 0 });
    db = await freshDb();
    deps = { db, graph: emulator.client(), user: ANA };
    groupId = (await emulator.client().listGroups(PHONE)).groups[0]!.id;
    // The index knows the groups' subjects, as it does once the dashboard has synced.
    await syncNumber({ db, graph: emulator.client() }, PHONE);
  });
  afterEach(async () => {
    await db.destroy();
  });

  const entries = async () => (await db.selectFrom("audit_log").selectAll().orderBy("id").execute()) as AuditEntry[];
  const settledEntries = (count: number) =>
    eventually(async () => {
      const all = await entries();
      return all.length >= count ? all : undefined;
    });

  it("records a create as submitted by its manager, and Meta's outcome as its own entry linked to it", async () => {
    const result = await createGroupRequest(
      { db, graph: emulator.client(), user: ANA, numbers: [{ id: PHONE }] },
      {
        phoneNumberId: PHONE,
        subject: "Book Club Lisbon",
        joinApprovalMode: "auto_approve",
        idempotencyKey: crypto.randomUUID(),
        description: undefined,
      },
    );
    expect(result.ok).toBe(true);
    const [created, settled] = await settledEntries(2);
    expect(created).toMatchObject({
      actor_email: "ana@example.com",
      actor_role: "manager",
      action: "group.create",
      outcome: "submitted",
      phone_number_id: PHONE,
      group_subject: "Book Club Lisbon",
      request_id: result.ok ? result.data.requestId : "",
    });
    expect(settled).toMatchObject({ actor_email: null, action: "group.create", outcome: "succeeded", settles_id: created!.id });
    expect(settled!.group_id).toMatch(/\S/);
  });

  it("records a removal Meta carries out in part, and reads it as one sentence", async () => {
    await emulator.join(groupId, "16505550101");
    await removeGroupParticipants(deps, { groupId, participants: ["16505550101", "16505550999"] });
    const [submitted, settled] = await settledEntries(2);
    expect(submitted).toMatchObject({ action: "group.participants.remove", outcome: "submitted", group_id: groupId });
    expect(settled).toMatchObject({ action: "group.participants.remove", outcome: "partial", settles_id: submitted!.id });
    const [view] = await activityViews(db, [submitted!]);
    expect(describeActivity(view!)).toBe(
      "ana@example.com (manager) removed 2 participants from “Community group 0001”: Meta confirmed 1, refused 1: not a participant.",
    );
  });

  it("records settings, delete, invite link and join-request answers, each once, with its outcome", async () => {
    await updateGroupSettings(deps, { groupId, subject: "Renamed" });
    await settledEntries(2);
    await resetInviteLink(deps, { groupId });
    await emulator.fault({
      method: "POST",
      path: "/*/invite_link",
      times: 1,
      error: { status: 403, code: 131207, message: "Suspended" },
    });
    await resetInviteLink(deps, { groupId });
    await answerJoinRequests(deps, { groupId, decision: "reject", joinRequestIds: ["gone"] });
    await deleteGroup(deps, { groupId, confirmSubject: "Renamed" });
    const all = await settledEntries(7);
    expect(all.map((e) => [e.action, e.outcome, e.actor_email === null ? "Meta" : "Ana"])).toEqual([
      ["group.settings.update", "submitted", "Ana"],
      ["group.settings.update", "succeeded", "Meta"],
      ["group.invite_link.reset", "succeeded", "Ana"],
      ["group.invite_link.reset", "failed", "Ana"],
      ["group.join_requests.reject", "failed", "Ana"],
      ["group.delete", "submitted", "Ana"],
      ["group.delete", "succeeded", "Meta"],
    ]);
    expect(all[3]).toMatchObject({ error_code: 131207, error_message: expect.stringContaining("Suspended") });
    expect(all[1]!.settles_id).toBe(all[0]!.id);
    expect(all[6]!.settles_id).toBe(all[5]!.id);
  });

  it("records changes to users in the same transaction as the change, never a password", async () => {
    const admin = { email: "root@example.com", role: "admin" };
    const hash = "$2b$11$Gv8EB3BaRZV7Y3PkOwmZP.Op2ERg.UMnRn6zQcHGaNyP3MR5ikJda";
    await upsertUser(db, { email: "root@example.com", passwordHash: hash, role: "admin" }, admin);
    const { user } = await upsertUser(db, { email: "bo@example.com", passwordHash: hash, role: "viewer" }, admin);
    await upsertUser(db, { email: "bo@example.com", passwordHash: hash, role: "manager" }, admin);
    await setUserRole(db, user.id, "viewer", admin);
    await deleteUser(db, user.id, admin);
    const all = await entries();
    expect(all.map((e) => [e.action, e.target_user, e.details])).toEqual([
      ["user.add", "root@example.com", '{"role":"admin"}'],
      ["user.add", "bo@example.com", '{"role":"viewer"}'],
      ["user.password.change", "bo@example.com", '{"role":{"from":"viewer","to":"manager"}}'],
      ["user.role.change", "bo@example.com", '{"role":{"from":"manager","to":"viewer"}}'],
      ["user.remove", "bo@example.com", '{"role":"viewer"}'],
    ]);
  });

  it("stores no password, token, secret or webhook body in any row of any table", async () => {
    await upsertUser(db, { email: "ana@example.com", passwordHash: `hash-of-${PASSWORD.length}`, role: "manager" }, ANA);
    await createGroupRequest(
      { db, graph: emulator.client(), user: ANA, numbers: [{ id: PHONE }] },
      {
        phoneNumberId: PHONE,
        subject: "Secrets",
        joinApprovalMode: "auto_approve",
        idempotencyKey: crypto.randomUUID(),
        description: undefined,
      },
    );
    await updateGroupSettings(deps, { groupId, description: "No secrets here" });
    await settledEntries(5);
    const dump = JSON.stringify(await db.selectFrom("audit_log").selectAll().execute());
    for (const secret of [PASSWORD, TOKEN, "hash-of-", "X-Hub-Signature", "sha256="]) expect(dump).not.toContain(secret);
    // The full webhook bodies live in webhook_deliveries (for retries), not in the log.
    expect(dump).not.toContain('"object":"whatsapp_business_account"');
  });

  it("cannot be changed: an UPDATE of an entry is refused by the database itself", async () => {
    await resetInviteLink(deps, { groupId });
    await expect(sql`update audit_log set outcome = 'failed'`.execute(db)).rejects.toThrow(/append-only/);
  });

  it("a failure to write an entry keeps the change and puts the whole entry in the server log", async () => {
    const errors = vi.spyOn(logger, "error");
    const result = await updateGroupSettings({ ...deps, db: db.withPlugin(auditLogDown) }, { groupId, subject: "Still applied" });
    expect(result.ok).toBe(true);
    expect(await db.selectFrom("group_changes").select(["kind", "status"]).execute()).toEqual([
      { kind: "settings", status: expect.any(String) },
    ]);
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({
        auditEntry: expect.objectContaining({
          action: "group.settings.update",
          actor_email: "ana@example.com",
          group_id: groupId,
        }),
      }),
      expect.stringContaining("could not be written"),
    );
    errors.mockRestore();
  });

  it("retention deletes only entries older than the retention, runs once per period, and 0 keeps everything", async () => {
    const old = new Date("2025-01-01T00:00:00Z");
    await db
      .insertInto("audit_log")
      .values([
        { at: old.toISOString(), action: "auth.sign_in", outcome: "failed" },
        { at: new Date().toISOString(), action: "auth.sign_in", outcome: "failed" },
      ])
      .execute();
    expect(await runRetention(db, { auditDays: 0, webhookDays: 30 })).toMatchObject({ ran: true, auditEntries: 0 });
    expect(await runRetention(db, { auditDays: 365, webhookDays: 30 })).toMatchObject({ ran: false });
    await db.deleteFrom("job_leases").execute();
    expect(await runRetention(db, { auditDays: 365, webhookDays: 30 })).toMatchObject({ ran: true, auditEntries: 1 });
    expect((await listAudit(db, {}, { limit: 10 })).rows).toHaveLength(1);
  });
});
