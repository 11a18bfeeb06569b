// zod/mini: the same validation as classic zod at a fraction of the size, because this schema ships to the browser.
import * as z from "zod/mini";

export const SUBJECT_MAX = 128;
export const DESCRIPTION_MAX = 2048;

export const JOIN_APPROVAL_MODES = {
  auto_approve: {
    label: "Anyone with the link joins at once",
    explanation: "People who open the invite link become members straight away.",
  },
  approval_required: {
    label: "A manager approves each person",
    explanation: "Opening the invite link sends a join request; someone here approves or rejects it.",
  },
} as const;

/**
 * One schema for the create-group form: the browser validates with it (react-hook-form) and the server action
 * parses the same input again, because an action is a public endpoint.
 */
export const createGroupSchema = z.object({
  phoneNumberId: z.string().check(z.regex(/^\d{5,20}$/, "Pick a business number.")),
  subject: z
    .string({ error: "Enter a subject." })
    .check(
      z.trim(),
      z.minLength(1, "Enter a subject."),
      z.maxLength(SUBJECT_MAX, `The subject can have at most ${SUBJECT_MAX} characters (spaces at either end don't count).`),
    ),
  description: z.pipe(
    z.optional(z.string().check(z.maxLength(DESCRIPTION_MAX, `The description can have at most ${DESCRIPTION_MAX} characters.`))),
    z.transform((value: string | undefined) => (value?.trim() ? value.trim() : undefined)),
  ),
  joinApprovalMode: z._default(
    z.enum(["auto_approve", "approval_required"], { error: "Choose how people join." }),
    "auto_approve",
  ),
  /** Made by the form once per group it submits: the same key twice is the same request, never a second group. */
  idempotencyKey: z.uuid("The form is out of date. Reload the page."),
});

export type CreateGroupInput = z.input<typeof createGroupSchema>;
export type CreateGroupValues = z.output<typeof createGroupSchema>;
