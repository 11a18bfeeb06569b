import "server-only";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Role } from "@/lib/auth/roles";
import { type AuditInput, recordAudit } from "./audit";
import { isPostgres } from "./dialect";
import type { Database, User } from "./schema";

/** Refused because the write would leave no admin, and then nobody could manage users again. */
export class LastAdminError extends Error {
  constructor() {
    super("At least one admin must remain: make another user an admin first.");
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export type UserWriteOutcome = { outcome: "created" | "updated"; user: Pick<User, "id" | "email" | "role"> };

/** Who made a change to users, as the activity log records them. */
export type UserActor = { email: string; role: string };

/**
 * Creates the user, or updates the password and role of the one with that email (which ends that user's sessions).
 * Throws LastAdminError when it would demote the last admin. Recorded in the activity log as user.add, or as
 * user.password.change (with the role change, if any), in the same transaction.
 */
export async function upsertUser(
  db: Kysely<Database>,
  input: { email: string; passwordHash: string; role: Role; name?: string | null },
  actor: UserActor,
): Promise<UserWriteOutcome> {
  const email = normalizeEmail(input.email);
  const now = new Date().toISOString();
  return keepingAnAdmin(db, async (trx) => {
    const existing = await findUserByEmail(trx, email);
    if (existing) {
      await trx
        .updateTable("users")
        .set((eb) => ({
          password_hash: input.passwordHash,
          role: input.role,
          name: input.name || existing.name,
          session_version: eb(eb.ref("session_version"), "+", 1),
          updated_at: now,
        }))
        .where("id", "=", existing.id)
        .execute();
      await recordAudit(trx, {
        actor,
        action: "user.password.change",
        outcome: "succeeded",
        targetUser: email,
        details: existing.role === input.role ? null : { role: { from: existing.role, to: input.role } },
      });
      return { outcome: "updated", user: { id: existing.id, email, role: input.role } };
    }
    const row = await trx
      .insertInto("users")
      .values({
        email,
        password_hash: input.passwordHash,
        role: input.role,
        name: input.name ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: "user.add", outcome: "succeeded", targetUser: email, details: { role: input.role } });
    return { outcome: "created", user: { id: row.id, email, role: input.role } };
  });
}

export async function listUsers(db: Kysely<Database>): Promise<Pick<User, "id" | "email" | "name" | "role" | "created_at">[]> {
  return db.selectFrom("users").select(["id", "email", "name", "role", "created_at"]).orderBy("email").execute();
}

/** The user's previous role, or null when there is no such user. Ends the user's sessions. */
export async function setUserRole(
  db: Kysely<Database>,
  id: number,
  role: Role,
  actor: UserActor,
): Promise<{ previous: Role } | null> {
  return keepingAnAdmin(db, async (trx) => {
    const existing = await trx.selectFrom("users").select(["role", "email"]).where("id", "=", id).executeTakeFirst();
    if (!existing) return null;
    await trx
      .updateTable("users")
      .set((eb) => ({ role, session_version: eb(eb.ref("session_version"), "+", 1), updated_at: new Date().toISOString() }))
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, {
      actor,
      action: "user.role.change",
      outcome: "succeeded",
      targetUser: existing.email,
      details: { role: { from: existing.role, to: role } },
    });
    return { previous: existing.role };
  });
}

/** The removed user, or null when there was none. */
export async function deleteUser(
  db: Kysely<Database>,
  id: number,
  actor: UserActor,
): Promise<Pick<User, "email" | "role"> | null> {
  return keepingAnAdmin(db, async (trx) => {
    const removed = await trx.deleteFrom("users").where("id", "=", id).returning(["email", "role"]).executeTakeFirst();
    if (removed) {
      await recordAudit(trx, {
        actor,
        action: "user.remove",
        outcome: "succeeded",
        targetUser: removed.email,
        details: { role: removed.role },
      });
    }
    return removed ?? null;
  });
}

/** A users change that was refused (the last admin would go): recorded as failed, outside the rolled-back write. */
export function auditRefusedUserChange(db: Kysely<Database>, entry: Omit<AuditInput, "outcome">): Promise<number | null> {
  return db.transaction().execute((trx) => recordAudit(trx, { ...entry, outcome: "failed" }));
}

/** Ends every session of the user (sign-out everywhere): tokens carry the old version and stop working. */
export async function bumpSessionVersion(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable("users")
    .set((eb) => ({ session_version: eb(eb.ref("session_version"), "+", 1) }))
    .where("id", "=", id)
    .execute();
}

/**
 * Runs a write to users in a transaction that fails with LastAdminError if it takes the number of admins from one
 * or more to zero. Concurrent writes are serialised first, so two admins demoting each other at the same moment
 * cannot both succeed: PostgreSQL takes a transaction-level advisory lock (READ COMMITTED would otherwise let each
 * see the other's admin still in place); SQLite runs one write transaction at a time on its single connection.
 */
async function keepingAnAdmin<T>(db: Kysely<Database>, write: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${USERS_LOCK_KEY})`.execute(trx);
    const before = await countAdmins(trx);
    const result = await write(trx);
    if (before > 0 && (await countAdmins(trx)) === 0) throw new LastAdminError();
    return result;
  });
}

/** Arbitrary, fixed: the advisory lock that serialises writes to users on PostgreSQL. */
const USERS_LOCK_KEY = 7_310_001;

async function countAdmins(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
