"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { deleteUser, LastAdminError, normalizeEmail, setUserRole, upsertUser } from "@/lib/db/users";
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

/** Runs a users write; the database's own "an admin remains" rule becomes a sentence. */
async function guardLastAdmin<T>(write: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof LastAdminError) return lastAdminRefusal(error);
    throw error;
  }
}

/**
 * Adds a user, or sets a new password and role for an existing email (which signs that user out everywhere).
 * Admins only. Not for one's own account: that would let an admin demote themselves past the self-check below.
 */
export const addUserAction = protectedAction("admin", addUserSchema, async (input, me) => {
  if (normalizeEmail(input.email) === normalizeEmail(me.email)) return selfRefusal;
  return guardLastAdmin(async () => {
    const { outcome } = await upsertUser(await getDb(), { ...input, passwordHash: await hashPassword(input.password) });
    revalidatePath("/users");
    return { ok: true, data: { outcome } };
  });
});

/** Changes a role (which signs that user out everywhere). Admins only, never their own. */
export const changeRoleAction = protectedAction("admin", changeRoleSchema, async ({ userId, role }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  return guardLastAdmin(async () => {
    if (!(await setUserRole(await getDb(), userId, role)))
      return { ok: false, kind: "not-found", title: "No such user", message: "The user was removed meanwhile." };
    revalidatePath("/users");
    return { ok: true, data: null };
  });
});

/** Removes an account; its sessions stop working at once. Admins only, never their own. */
export const removeUserAction = protectedAction("admin", removeUserSchema, async ({ userId }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  return guardLastAdmin(async () => {
    await deleteUser(await getDb(), userId);
    revalidatePath("/users");
    return { ok: true, data: null };
  });
});
