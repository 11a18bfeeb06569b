import "server-only";
import type { Kysely } from "kysely";
import type { Role } from "@/lib/auth/roles";
import type { Database, User } from "./schema";

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

/** Creates the user, or updates the password and role of the one with that email. */
export async function upsertUser(
  db: Kysely<Database>,
  input: { email: string; passwordHash: string; role: Role; name?: string | null },
): Promise<"created" | "updated"> {
  const email = input.email.trim().toLowerCase();
  const now = new Date().toISOString();
  const existing = await findUserByEmail(db, email);
  if (existing) {
    await db
      .updateTable("users")
      .set({ password_hash: input.passwordHash, role: input.role, name: input.name || existing.name, updated_at: now })
      .where("id", "=", existing.id)
      .execute();
    return "updated";
  }
  await db
    .insertInto("users")
    .values({
      email,
      password_hash: input.passwordHash,
      role: input.role,
      name: input.name ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return "created";
}

export async function listUsers(db: Kysely<Database>): Promise<Pick<User, "id" | "email" | "name" | "role" | "created_at">[]> {
  return db.selectFrom("users").select(["id", "email", "name", "role", "created_at"]).orderBy("email").execute();
}

export async function setUserRole(db: Kysely<Database>, id: number, role: Role): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ role, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteUser(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom("users").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
