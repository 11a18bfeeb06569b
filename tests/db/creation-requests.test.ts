import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { claimCreation, listCreationRequests, markSubmitFailed, markSubmitted } from "@/lib/db/creation-requests";
import type { Database } from "@/lib/db/schema";
import { freshDb, freshDbPair } from "../support/db";

const input = (key: string) => ({
  idempotencyKey: key,
  phoneNumberId: "106540352242922",
  subject: "Runners",
  joinApprovalMode: "auto_approve" as const,
  createdBy: "manager@example.com",
  createdByUserId: 2,
});

describe("a create is recorded before Meta is called, once per idempotency key", () => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db = await freshDb();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("claims a new key once; a second submit with the same key gets the first row back", async () => {
    const first = await claimCreation(db, input("5b1f0d7e-0000-4000-8000-000000000001"));
    expect(first.claimed).toBe(true);
    expect(first.row.status).toBe("submitting");

    const again = await claimCreation(db, input("5b1f0d7e-0000-4000-8000-000000000001"));
    expect(again.claimed).toBe(false);
    expect(again.row.id).toBe(first.row.id);

    await markSubmitted(db, first.row.id, "REQ-1");
    const afterAnswer = await claimCreation(db, input("5b1f0d7e-0000-4000-8000-000000000001"));
    expect(afterAnswer).toMatchObject({ claimed: false, row: { request_id: "REQ-1", status: "pending" } });
    expect((await listCreationRequests(db, { limit: 10 })).rows).toHaveLength(1);
  });

  it("submits with one key racing on two connections make exactly one claim", async () => {
    const [a, b] = await freshDbPair();
    try {
      const key = "5b1f0d7e-0000-4000-8000-000000000002";
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claimCreation(i % 2 ? a : b, input(key))));
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.row.id)).size).toBe(1);
    } finally {
      await a.destroy();
    }
  });

  it("records why Meta refused a create", async () => {
    const { row } = await claimCreation(db, input("5b1f0d7e-0000-4000-8000-000000000003"));
    await markSubmitFailed(db, row.id, "rejected", { code: 131215, message: "This number cannot use groups." });
    const again = await claimCreation(db, input("5b1f0d7e-0000-4000-8000-000000000003"));
    expect(again.row).toMatchObject({ status: "rejected", error_code: 131215, error_message: "This number cannot use groups." });
  });

  it("lists newest first, page by page", async () => {
    for (let i = 0; i < 5; i++) await claimCreation(db, input(`5b1f0d7e-0000-4000-8000-00000000001${i}`));
    const first = await listCreationRequests(db, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([5, 4]);
    const second = await listCreationRequests(db, { limit: 2, before: first.nextBefore ?? undefined });
    expect(second.rows.map((r) => r.id)).toEqual([3, 2]);
    const last = await listCreationRequests(db, { limit: 2, before: second.nextBefore ?? undefined });
    expect(last.rows.map((r) => r.id)).toEqual([1]);
    expect(last.nextBefore).toBeNull();
  });
});
