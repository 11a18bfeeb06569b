// zod/mini: these schemas ship to the browser with the group page's forms; the actions parse the same input again.
import * as z from "zod/mini";
import { subjectSchema } from "./create-group";
import { DESCRIPTION_MAX, MAX_REMOVALS_PER_CALL } from "./limits";
import { isGroupId, isPhoneNumberId } from "./ids";
import { codePointLength, textProblem, textProblemMessage } from "./text";

/** Join requests answered in one call: at most a page of them. */
const MAX_JOIN_REQUESTS_PER_CALL = 100;

const groupId = z.string().check(z.refine(isGroupId, "That is not a group ID."));
const phoneNumberId = z.optional(z.string().check(z.refine(isPhoneNumberId, "That is not a business number.")));

/** An edited description: empty clears it. */
const descriptionEdit = z.string().check(
  z.refine((s) => codePointLength(s) <= DESCRIPTION_MAX, `The description can have at most ${DESCRIPTION_MAX} characters.`),
  z.superRefine((s, ctx) => {
    const problem = textProblem(s, { multiline: true });
    if (problem) ctx.issues.push({ code: "custom", message: textProblemMessage("description", problem, true), input: s });
  }),
);

/** The settings form as the manager edits it; it sends only what changed (groupSettingsSchema). */
export const settingsFormSchema = z.object({ subject: subjectSchema, description: descriptionEdit });
export type SettingsFormValues = z.output<typeof settingsFormSchema>;

/** The settings form sends only what the manager changed. */
export const groupSettingsSchema = z
  .object({
    groupId,
    phoneNumberId,
    subject: z.optional(subjectSchema),
    description: z.optional(descriptionEdit),
  })
  .check(
    z.refine((v) => v.subject !== undefined || v.description !== undefined, {
      message: "Change the subject or the description first.",
      path: ["subject"],
    }),
  );

export const removeParticipantsSchema = z.object({
  groupId,
  phoneNumberId,
  participants: z
    .array(z.string().check(z.minLength(1), z.maxLength(128)))
    .check(
      z.minLength(1, "Choose who to remove."),
      z.maxLength(MAX_REMOVALS_PER_CALL, `Meta removes at most ${MAX_REMOVALS_PER_CALL} people at a time.`),
    ),
});

export const joinRequestsSchema = z.object({
  groupId,
  decision: z.enum(["approve", "reject"]),
  joinRequestIds: z
    .array(z.string().check(z.minLength(1), z.maxLength(200)))
    .check(z.minLength(1, "Choose at least one join request."), z.maxLength(MAX_JOIN_REQUESTS_PER_CALL)),
});

export const deleteGroupSchema = z.object({
  groupId,
  phoneNumberId,
  /** the group's subject, typed by the manager to confirm */
  confirmSubject: z.string().check(z.maxLength(512)),
});
