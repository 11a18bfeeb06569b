// zod/mini: this schema ships to the browser with the add-user form.
import * as z from "zod/mini";
import { ROLES } from "@/lib/auth/roles";

export const addUserSchema = z.object({
  email: z.email("Enter an email address like name@example.com.").check(z.maxLength(320)),
  name: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  password: z.string().check(z.minLength(8, "At least 8 characters."), z.maxLength(200, "At most 200 characters.")),
  role: z.enum(ROLES, { error: "Choose a role." }),
});
export type AddUserInput = z.input<typeof addUserSchema>;
