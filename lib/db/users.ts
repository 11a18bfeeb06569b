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
      .set({ password_hash: input.passwordHash, role: input.role, name: input.name ?? existing.name, updated_at: now })
      .where("id", "=", existing.id)
      .execute();
    return "updated";
  }
  await db
    .insertInto("users")
    .values({ email, password_hash: input.passwordHash, role: input.role, name: input.name ?? null, created_at: now, updated_at: now })
    .execute();
  return "created";
}
