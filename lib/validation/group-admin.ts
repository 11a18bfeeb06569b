// zod/mini: these schemas ship to the browser with the group page's forms; the actions parse the same input again.
import * as z from "zod/mini";
import { DESCRIPTION_MAX, subjectSchema } from "./create-group";
import { isGroupId, isPhoneNumberId } from "./ids";
import { codePointLength, textProblem, textProblemMessage } from "./text";

/** Meta removes at most this many people per call (DELETE /{group-id}/participants). */
export const MAX_REMOVALS_PER_CALL = 8;
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

/** What Meta accepts as a profile picture, checked in the browser and again on the server from the file's bytes. */
export const PICTURE_RULES = { maxBytes: 5 * 1024 * 1024, minPixels: 192, type: "image/jpeg" } as const;

export type PictureProblem = "type" | "size" | "square" | "small";

/** The picture's problem, or null when Meta should take it. Dimensions as read from the file. */
export function pictureProblem(file: { type: string; bytes: number; width: number; height: number }): PictureProblem | null {
  if (file.type !== PICTURE_RULES.type) return "type";
  if (file.bytes > PICTURE_RULES.maxBytes) return "size";
  if (file.width !== file.height) return "square";
  if (file.width < PICTURE_RULES.minPixels) return "small";
  return null;
}

export function pictureProblemMessage(problem: PictureProblem, size?: { width: number; height: number }): string {
  switch (problem) {
    case "type":
      return "The picture must be a JPEG (.jpg) file.";
    case "size":
      return "The picture must be at most 5 MB.";
    case "square":
      return `The picture must be square${size ? `: this one is ${size.width} × ${size.height} pixels` : ""}. Crop it to the same width and height.`;
    case "small":
      return `The picture must be at least 192 × 192 pixels${size ? `: this one is ${size.width} × ${size.height}` : ""}.`;
  }
}
