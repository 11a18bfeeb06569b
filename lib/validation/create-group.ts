// zod/mini: the same validation as classic zod at a fraction of the size, because this schema ships to the browser.
import * as z from "zod/mini";
import { JOIN_APPROVAL_MODE_VALUES } from "@/lib/groups/join-approval";
import { isPhoneNumberId } from "./ids";
import { DESCRIPTION_MAX, SUBJECT_MAX } from "./limits";
import { codePointLength, textProblem, textProblemMessage } from "./text";

/** 1..128 visible characters after trimming; what Meta accepts as a group subject. */
export const subjectSchema = z.string({ error: "Enter a subject." }).check(
  z.trim(),
  z.minLength(1, "Enter a subject."),
  z.refine(
    (s) => codePointLength(s) <= SUBJECT_MAX,
    `The subject can have at most ${SUBJECT_MAX} characters (spaces at either end don't count).`,
  ),
  z.superRefine((s, ctx) => {
    const problem = textProblem(s);
    if (problem) ctx.issues.push({ code: "custom", message: textProblemMessage("subject", problem), input: s });
  }),
);

/** At most 2048 characters; empty means none. */
const descriptionSchema = z.pipe(
  z.optional(
    z.string().check(
      z.refine((s) => codePointLength(s) <= DESCRIPTION_MAX, `The description can have at most ${DESCRIPTION_MAX} characters.`),
      z.superRefine((s, ctx) => {
        const problem = textProblem(s, { multiline: true });
        if (problem) ctx.issues.push({ code: "custom", message: textProblemMessage("description", problem, true), input: s });
      }),
    ),
  ),
  z.transform((value: string | undefined) => (value?.trim() ? value.trim() : undefined)),
);

/**
 * One schema for the create-group form: the browser validates with it (react-hook-form) and the server action
 * parses the same input again, because an action is a public endpoint.
 */
export const createGroupSchema = z.object({
  phoneNumberId: z.string().check(z.refine(isPhoneNumberId, "Pick a business number.")),
  subject: subjectSchema,
  description: descriptionSchema,
  joinApprovalMode: z._default(z.enum(JOIN_APPROVAL_MODE_VALUES, { error: "Choose how people join." }), "auto_approve"),
  /** Made by the form once per group it submits: the same key twice is the same request, never a second group. */
  idempotencyKey: z.uuid("The form is out of date. Reload the page."),
});

export type CreateGroupInput = z.input<typeof createGroupSchema>;
export type CreateGroupValues = z.output<typeof createGroupSchema>;
