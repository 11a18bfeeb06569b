"use server";

import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/actions/protected-action";
import type { ActionResult } from "@/lib/actions/result";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db";
import { deleteUser, setUserRole, upsertUser } from "@/lib/db/users";
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { addUserSchema } from "@/lib/validation/users";

const changeRoleSchema = z.object({ userId: z.number().int().positive(), role: z.enum(ROLES) });
const removeUserSchema = z.object({ userId: z.number().int().positive() });

const selfRefusal: ActionResult<never> = {
  ok: false,
  kind: "invalid-input",
  title: "Not on your own account",
  message: "Another admin must change or remove your account, so that an admin always remains.",
};

/** Adds a user, or sets a new password and role for an existing email. Admins only. */
export const addUserAction = protectedAction("admin", addUserSchema, async (input) => {
  const outcome = await upsertUser(await getDb(), { ...input, passwordHash: await hashPassword(input.password) });
  revalidatePath("/users");
  return { ok: true, data: { outcome } };
});

export const changeRoleAction = protectedAction("admin", changeRoleSchema, async ({ userId, role }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  if (!(await setUserRole(await getDb(), userId, role)))
    return { ok: false, kind: "not-found", title: "No such user", message: "The user was removed meanwhile." };
  revalidatePath("/users");
  return { ok: true, data: null };
});

export const removeUserAction = protectedAction("admin", removeUserSchema, async ({ userId }, me) => {
  if (String(userId) === me.id) return selfRefusal;
  await deleteUser(await getDb(), userId);
  revalidatePath("/users");
  return { ok: true, data: null };
});
