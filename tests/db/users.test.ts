import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { Database } from "@/lib/db/schema";
import { bumpSessionVersion, deleteUser, findUserById, LastAdminError, setUserRole, upsertUser } from "@/lib/db/users";
import { freshDb } from "../support/db";

const ADMIN = { email: "admin@example.com", role: "admin" };
const HASH = "$2b$11$Gv8EB3BaRZV7Y3PkOwmZP.Op2ERg.UMnRn6zQcHGaNyP3MR5ikJda";

describe("users: at least one admin remains, and every change ends the user's sessions", () => {
  let db: Kysely<Database>;
  beforeEach(async () => {
    db = await freshDb();
  });
  afterEach(async () => {
    await db.destroy();
  });

  const add = (email: string, role: Role) => upsertUser(db, { email, passwordHash: HASH, role }, ADMIN);

  it("refuses to demote or remove the last admin on every path", async () => {
    const { user: admin } = await add("admin@example.com", "admin");
    await expect(add("admin@example.com", "viewer")).rejects.toBeInstanceOf(LastAdminError);
    await expect(setUserRole(db, admin.id, "manager", ADMIN)).rejects.toBeInstanceOf(LastAdminError);
    await expect(deleteUser(db, admin.id, ADMIN)).rejects.toBeInstanceOf(LastAdminError);
    expect((await findUserById(db, admin.id))?.role).toBe("admin");
  });

  it("lets the first user of an empty database be any role, and an admin go once another remains", async () => {
    const { user: viewer } = await add("first@example.com", "viewer");
    expect(viewer.role).toBe("viewer");
    const { user: a } = await add("a@example.com", "admin");
    await add("b@example.com", "admin");
    expect(await setUserRole(db, a.id, "viewer", ADMIN)).toEqual({ previous: "admin" });
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const { user: a } = await add("a@example.com", "admin");
    const { user: b } = await add("b@example.com", "admin");
    const outcomes = await Promise.allSettled([setUserRole(db, a.id, "viewer", ADMIN), setUserRole(db, b.id, "viewer", ADMIN)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(LastAdminError);
    const admins = await db.selectFrom("users").select("email").where("role", "=", "admin").execute();
    expect(admins).toHaveLength(1);
  });

  it("many concurrent demotions and removals never leave zero admins", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await add(`admin${i}@example.com`, "admin")).user.id);
    await Promise.allSettled(ids.map((id, i) => (i % 2 ? deleteUser(db, id, ADMIN) : setUserRole(db, id, "manager", ADMIN))));
    const admins = await db.selectFrom("users").select("id").where("role", "=", "admin").execute();
    expect(admins).toHaveLength(1);
  });

  it("a new password, a new role and a sign-out each move the session version on", async () => {
    const { user } = await add("m@example.com", "manager");
    const version = async () => (await findUserById(db, user.id))!.session_version;
    const v0 = await version();
    await add("m@example.com", "manager");
    const v1 = await version();
    await setUserRole(db, user.id, "viewer", ADMIN);
    const v2 = await version();
    await bumpSessionVersion(db, user.id);
    const v3 = await version();
    expect([v1 - v0, v2 - v1, v3 - v2]).toEqual([1, 1, 1]);
  });

  it("a user removed and added again with the same email is a different user", async () => {
    await add("admin@example.com", "admin");
    const { user: first } = await add("x@example.com", "manager");
    await deleteUser(db, first.id, ADMIN);
    const { user: second } = await add("x@example.com", "manager");
    expect(second.id).not.toBe(first.id);
    expect(await findUserById(db, first.id)).toBeUndefined();
  });
});
