import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

export const addUserSchema = z.object({
  email: z.email("Enter an email address like name@example.com.").max(320),
  name: z.string().trim().max(200).optional(),
  password: z.string().min(8, "At least 8 characters.").max(200, "At most 200 characters."),
  role: z.enum(ROLES, { error: "Choose a role." }),
});
export type AddUserInput = z.input<typeof addUserSchema>;

export const changeRoleSchema = z.object({ userId: z.number().int().positive(), role: z.enum(ROLES) });
export const removeUserSchema = z.object({ userId: z.number().int().positive() });
