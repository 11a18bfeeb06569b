import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import { clearFailures, lockedUntil, recordFailure } from "@/lib/db/login-throttle";
import type { Database } from "@/lib/db/schema";
import { freshDb } from "../support/db";

describe("failed sign-ins are slowed down per account", () => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db = await freshDb();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("lets the first failures through, then locks for 30 s, doubling each time", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < 4; i++) expect((await recordFailure(db, "a@example.com", 5, t0)).lockedUntil).toBeNull();
    expect(await lockedUntil(db, "a@example.com", t0)).toBeNull();

    const fifth = await recordFailure(db, "A@Example.com ", 5, t0);
    expect(fifth.failures).toBe(5);
    expect(fifth.lockedUntil?.getTime()).toBe(t0.getTime() + 30_000);
    expect(await lockedUntil(db, "a@example.com", new Date(t0.getTime() + 29_000))).not.toBeNull();
    expect(await lockedUntil(db, "a@example.com", new Date(t0.getTime() + 31_000))).toBeNull();

    const sixth = await recordFailure(db, "a@example.com", 5, t0);
    expect(sixth.lockedUntil?.getTime()).toBe(t0.getTime() + 60_000);
  });

  it("never locks for more than 15 minutes", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    let last: Date | null = null;
    for (let i = 0; i < 20; i++) last = (await recordFailure(db, "b@example.com", 5, t0)).lockedUntil;
    expect(last?.getTime()).toBe(t0.getTime() + 15 * 60_000);
  });

  it("keeps accounts apart and forgets failures after a good sign-in", async () => {
    const t0 = new Date();
    for (let i = 0; i < 5; i++) await recordFailure(db, "c@example.com", 5, t0);
    expect(await lockedUntil(db, "c@example.com")).not.toBeNull();
    expect(await lockedUntil(db, "d@example.com")).toBeNull();
    await clearFailures(db, "c@example.com");
    expect(await lockedUntil(db, "c@example.com")).toBeNull();
    expect((await recordFailure(db, "c@example.com", 5, t0)).failures).toBe(1);
  });
});
