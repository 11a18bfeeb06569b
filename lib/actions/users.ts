"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import type { Kysely } from "kysely";
import type { CurrentUser } from "@/lib/auth/session";
import type { AuditInput } from "@/lib/db/audit";
import type { Database } from "@/lib/db/schema";
import { auditRefusedUserChange, deleteUser, LastAdminError, normalizeEmail, setUserRole, upsertUser } from "@/lib/db/users";
import { addUserSchema } from "@/lib/validation/users";
import { protectedAction } from "./protected-action";
import type { ActionResult } from "./result";

const changeRoleSchema = z.object({ userId: z.number().int().positive(), role: z.enum(ROLES) });
const removeUserSchema = z.object({ userId: z.number().int().positive() });

const selfRefusal: ActionResult<never> = {
  ok: false,
  kind: "invalid-input",
  title: "Not on your own account",
  message: "Another admin must change or remove your account, so that an admin always remains.",
};

const lastAdminRefusal = (error: LastAdminError): ActionResult<never> => ({
  ok: false,
  kind: "invalid-input",
  title: "An admin must remain",
  message: error.message,
});

/**
 * Runs a users write; the database's own "an admin remains" rule becomes a sentence, and the refused attempt is
 * recorded in the activity log as failed.
 */
async function guardLastAdmin<T>(
  refused: Omit<AuditInput, "outcome">,
  write: (db: Kysely<Database>) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const db = await getDb();
  try {
    return await write(db);
  } catch (error) {
    if (!(error instanceof LastAdminError)) throw error;
    await auditRefusedUserChange(db, { ...refused, errorMessage: error.message });
    return lastAdminRefusal(error);
  }
}

const actorOf = (me: CurrentUser) => ({ email: me.email, role: me.role });

/**
 * Adds a user, or sets a new password and role for an existing email (which signs that user out everywhere).
 * Admins only. Not for one's own account: that would let an admin demote themselves past the self-check below.
 */
export const addUserAction = protectedAction("admin", addUserSchema, async (input, me) => {
  if (normalizeEmail(input.email) === normalizeEmail(me.email)) return selfRefusal;
  const refused = { actor: actorOf(me), action: "user.password.change" as const, targetUser: normalizeEmail(input.email) };
  return guardLastAdmin(refused, async (db) => {
    const { outcome } = await upsertUser(db, { ...input, passwordHash: await hashPassword(input.password) }, actorOf(me));
    revalidatePath("/users");
    return { ok: true, data: { outcome } };
  });
});

/** Changes a role (which signs that user out everywhere). Admins only, never their own. */
export const changeRoleAction = protectedAction("admin", changeRoleSchema, async ({ userId, role }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  const refused = { actor: actorOf(me), action: "user.role.change" as const, details: { userId, role } };
  return guardLastAdmin(refused, async (db) => {
    if (!(await setUserRole(db, userId, role, actorOf(me))))
      return { ok: false, kind: "not-found", title: "No such user", message: "The user was removed meanwhile." };
    revalidatePath("/users");
    return { ok: true, data: null };
  });
});

/** Removes an account; its sessions stop working at once. Admins only, never their own. */
export const removeUserAction = protectedAction("admin", removeUserSchema, async ({ userId }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  const refused = { actor: actorOf(me), action: "user.remove" as const, details: { userId } };
  return guardLastAdmin(refused, async (db) => {
    await deleteUser(db, userId, actorOf(me));
    revalidatePath("/users");
    return { ok: true, data: null };
  });
});
