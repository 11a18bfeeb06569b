import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attemptSucceeded, beginAttempt } from "@/lib/db/login-throttle";
import type { Database } from "@/lib/db/schema";
import { freshDb } from "../support/db";

const LIMITS = { perPair: 5, perAddress: 50 };
const ATTACKER = "203.0.113.7";
const OWNER = "198.51.100.2";

describe("sign-in throttling per account and address", () => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db = await freshDb();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("lets five attempts through, then locks that address out of that account for 30 s, doubling each time", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < 5; i++) expect((await beginAttempt(db, "a@example.com", ATTACKER, LIMITS, t0)).allowed).toBe(true);
    expect(await beginAttempt(db, "A@Example.com ", ATTACKER, LIMITS, t0)).toEqual({
      allowed: false,
      scope: "pair",
      retryAfterSeconds: 30,
    });
    const later = new Date(t0.getTime() + 31_000);
    expect(await beginAttempt(db, "a@example.com", ATTACKER, LIMITS, later)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 60,
    });
  });

  it("does not lock the owner out when an attacker elsewhere keeps guessing", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < 20; i++) await beginAttempt(db, "admin@example.com", ATTACKER, LIMITS, t0);
    expect((await beginAttempt(db, "admin@example.com", ATTACKER, LIMITS, t0)).allowed).toBe(false);
    expect((await beginAttempt(db, "admin@example.com", OWNER, LIMITS, t0)).allowed).toBe(true);
  });

  it("locks one address guessing across many accounts", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    for (let i = 0; i < 50; i++)
      expect((await beginAttempt(db, `user${i}@example.com`, ATTACKER, LIMITS, t0)).allowed).toBe(true);
    expect(await beginAttempt(db, "user99@example.com", ATTACKER, LIMITS, t0)).toMatchObject({
      allowed: false,
      scope: "address",
    });
    expect((await beginAttempt(db, "user99@example.com", OWNER, LIMITS, t0)).allowed).toBe(true);
  });

  it("counts parallel attempts one by one: 25 at once let exactly 5 check a password", async () => {
    const verdicts = await Promise.all(Array.from({ length: 25 }, () => beginAttempt(db, "c@example.com", ATTACKER, LIMITS)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it("forgets the pair after a success and after 15 minutes without attempts", async () => {
    const t0 = new Date("2026-11-26T10:00:00Z");
    let verdict = await beginAttempt(db, "d@example.com", OWNER, LIMITS, t0);
    for (let i = 0; i < 3; i++) verdict = await beginAttempt(db, "d@example.com", OWNER, LIMITS, t0);
    expect(verdict.allowed).toBe(true);
    if (verdict.allowed) await attemptSucceeded(db, verdict.keys);
    for (let i = 0; i < 5; i++) expect((await beginAttempt(db, "d@example.com", OWNER, LIMITS, t0)).allowed).toBe(true);
    expect((await beginAttempt(db, "d@example.com", OWNER, LIMITS, t0)).allowed).toBe(false);

    const muchLater = new Date(t0.getTime() + 16 * 60_000);
    expect((await beginAttempt(db, "d@example.com", OWNER, LIMITS, muchLater)).allowed).toBe(true);
  });
});
