import "server-only";
import { z } from "zod";
import { isInviteLink } from "@/lib/validation/invite-link";
import { withoutNul } from "@/lib/validation/text";

/**
 * Schemas for Meta's group webhooks. Tolerant on purpose: unknown keys are kept, an unknown `field` or a malformed
 * item is reported as a problem and skipped, and the rest of the delivery still goes through. A delivery is never
 * refused as a whole: Meta would retry it for 7 days.
 */

const timestamp = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => {
    const n = typeof v === "number" ? v : v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) && n >= 0 ? n : null;
  });

const errorCode = z
  .union([z.number(), z.string()])
  .optional()
  .transform((v) => {
    const n = typeof v === "number" ? v : v !== undefined && /^-?\d{1,12}$/.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) ? n : null;
  });

const webhookErrorSchema = z.looseObject({
  code: errorCode,
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).nullish(),
});
export type WebhookError = z.infer<typeof webhookErrorSchema>;

const errors = z.array(webhookErrorSchema).optional();
const id = z.string().min(1).max(200);
/** Text that will be stored: a NUL would break PostgreSQL's inserts, so it is dropped. */
const text = (max: number) => z.string().max(max).transform(withoutNul);
/** An invite link in any other shape than https://chat.whatsapp.com/<code> is treated as absent. */
const inviteLink = z
  .string()
  .optional()
  .transform((v) => (isInviteLink(v) ? v : undefined));

/**
 * Items nested deeper than this are skipped as malformed: Meta's are a few levels deep, and canonicalising (or
 * stringifying) a pathologically deep one would overflow the stack and fail the whole delivery on every retry.
 */
const MAX_ITEM_DEPTH = 32;

export const groupCreateSchema = z
  .looseObject({
    type: z.literal("group_create"),
    timestamp,
    request_id: id,
    group_id: id.optional(),
    subject: text(512).optional(),
    description: text(4096).optional(),
    invite_link: inviteLink,
    join_approval_mode: z.string().optional(),
    errors,
  })
  .refine((u) => (u.errors?.length ?? 0) > 0 || u.group_id !== undefined, {
    message: "a successful group_create needs a group_id",
    path: ["group_id"],
  });

const groupDeleteSchema = z.looseObject({
  type: z.literal("group_delete"),
  timestamp,
  group_id: id,
  request_id: id.optional(),
  errors,
});

const lifecycleItemSchema = z.union([groupCreateSchema, groupDeleteSchema]);

const statusItemSchema = z.looseObject({
  type: z.enum(["group_suspend", "group_suspend_cleared"]),
  timestamp,
  group_id: id,
});

/**
 * A person as group webhooks name them: `wa_id` today; from Meta's 2026 rollout also (or only) the business-scoped
 * `user_id`, with `parent_user_id` and `username`. `input` is what the business sent when removing someone.
 */
const personSchema = z.looseObject({
  wa_id: z.string().max(64).optional(),
  user_id: z.string().max(128).optional(),
  parent_user_id: z.string().max(128).optional(),
  username: z.string().max(128).optional(),
  input: z.string().max(128).optional(),
});
export type WebhookPerson = z.infer<typeof personSchema>;

const participantsItemSchema = z.looseObject({
  type: z.string().min(1),
  timestamp,
  group_id: id,
  request_id: id.optional(),
  initiated_by: z.string().optional(),
  added_participants: z.array(personSchema).optional(),
  removed_participants: z.array(personSchema).optional(),
  failed_participants: z.array(personSchema.extend({ errors })).optional(),
  join_request_id: z.string().max(200).optional(),
  wa_id: z.string().max(64).optional(),
  user_id: z.string().max(128).optional(),
  errors,
});

const settingChange = z.looseObject({ text: text(4096).optional(), update_successful: z.boolean().optional() });

const settingsItemSchema = z.looseObject({
  type: z.string().optional(),
  timestamp,
  group_id: id,
  request_id: id.optional(),
  group_subject: settingChange.optional(),
  group_description: settingChange.optional(),
  profile_picture: z.looseObject({ sha256: z.string().optional(), update_successful: z.boolean().optional() }).optional(),
  errors,
});

const itemSchemas = {
  group_lifecycle_update: lifecycleItemSchema,
  group_status_update: statusItemSchema,
  group_participants_update: participantsItemSchema,
  group_settings_update: settingsItemSchema,
} as const;

type WebhookField = keyof typeof itemSchemas;

interface Base {
  phoneNumberId: string | null;
  /** the item exactly as received: the idempotency key is computed from it */
  raw: Record<string, unknown>;
}
export type ParsedUpdate =
  | (Base & { field: "group_lifecycle_update"; item: z.output<typeof lifecycleItemSchema> })
  | (Base & { field: "group_status_update"; item: z.output<typeof statusItemSchema> })
  | (Base & { field: "group_participants_update"; item: z.output<typeof participantsItemSchema> })
  | (Base & { field: "group_settings_update"; item: z.output<typeof settingsItemSchema> });

export interface ParsedDelivery {
  updates: ParsedUpdate[];
  /** items (or whole changes and entries) that could not be read */
  skipped: number;
  /** one line per skipped part, for the log */
  problems: string[];
}

const envelopeSchema = z.looseObject({ object: z.string().optional(), entry: z.array(z.unknown()) });
const entrySchema = z.looseObject({ id: z.string().optional(), changes: z.array(z.unknown()) });
const changeSchema = z.looseObject({ field: z.string(), value: z.unknown() });
const valueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().optional() }).nullish(),
  groups: z.array(z.unknown()),
});

export function parseDelivery(payload: unknown): ParsedDelivery {
  const out: ParsedDelivery = { updates: [], skipped: 0, problems: [] };
  const skip = (where: string, why: string) => {
    out.skipped += 1;
    out.problems.push(`${where}: ${why}`);
  };
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    skip("delivery", `not a webhook envelope (${describe(envelope.error)})`);
    return out;
  }
  if (envelope.data.object !== undefined && envelope.data.object !== "whatsapp_business_account") {
    skip("delivery", `unexpected object "${clip(envelope.data.object)}"`);
    return out;
  }
  envelope.data.entry.forEach((rawEntry, e) => {
    const entry = entrySchema.safeParse(rawEntry);
    if (!entry.success) return skip(`entry[${e}]`, describe(entry.error));
    entry.data.changes.forEach((rawChange, c) => {
      const where = `entry[${e}].changes[${c}]`;
      const change = changeSchema.safeParse(rawChange);
      if (!change.success) return skip(where, describe(change.error));
      const field = change.data.field;
      if (!isKnownField(field)) return skip(where, `unknown field "${clip(field)}"`);
      const value = valueSchema.safeParse(change.data.value);
      if (!value.success) return skip(`${where} (${field})`, describe(value.error));
      const phoneNumberId = value.data.metadata?.phone_number_id ?? null;
      value.data.groups.forEach((rawItem, i) => {
        const itemWhere = `${where}.groups[${i}] (${field})`;
        if (!isPlainObject(rawItem)) return skip(itemWhere, "not an object");
        if (nestedDeeperThan(rawItem, MAX_ITEM_DEPTH)) return skip(itemWhere, `nested more than ${MAX_ITEM_DEPTH} levels deep`);
        const item = itemSchemas[field].safeParse(rawItem);
        if (!item.success) return skip(itemWhere, describe(item.error));
        out.updates.push({ field, phoneNumberId, raw: rawItem, item: item.data } as ParsedUpdate);
      });
    });
  });
  return out;
}

/** Walks the value without recursion (a recursive walk is what the check protects against). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  return false;
}

function isKnownField(field: string): field is WebhookField {
  return Object.hasOwn(itemSchemas, field);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "invalid";
  const path = first.path.map(String).join(".");
  return `${path ? `${path}: ` : ""}${first.message}`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
