import "server-only";

import { z } from "zod";

import { isInviteLink } from "@/lib/validation/invite-link";

/**
 * Zod schemas for Graph's wire shapes (snake_case). Objects are NOT strict: Meta adds fields over time and
 * unknown ones are dropped, not rejected. Only what the client reads is required.
 */

const pagingSchema = z.object({
  cursors: z
    .object({
      before: z.string().optional(),
      after: z.string().optional(),
    })
    .optional(),
  previous: z.string().optional(),
  next: z.string().optional(),
});

export const groupListResponseSchema = z.object({
  data: z.object({
    groups: z.array(
      z.object({
        id: z.string(),
        subject: z.string(),
        created_at: z.string(),
      }),
    ),
  }),
  paging: pagingSchema.optional(),
});

export const createGroupResponseSchema = z.object({
  request_id: z.string(),
});

export const groupInfoResponseSchema = z.object({
  id: z.string(),
  subject: z.string().optional(),
  description: z.string().optional(),
  // Meta's 2026 shape adds user_id and username and may leave wa_id out: at least one identifier is required.
  participants: z
    .array(
      z
        .object({ wa_id: z.string().optional(), user_id: z.string().optional(), username: z.string().optional() })
        .refine((p) => p.wa_id !== undefined || p.user_id !== undefined, { error: "needs wa_id or user_id" }),
    )
    .optional(),
  join_approval_mode: z.enum(["auto_approve", "approval_required"]).optional(),
  suspended: z.boolean().optional(),
  creation_timestamp: z.number().optional(),
  total_participant_count: z.number().int().optional(),
});

export const inviteLinkResponseSchema = z.object({
  // Anything but a chat.whatsapp.com link is refused here, before it can be stored or shown with an Open button.
  invite_link: z.string().refine(isInviteLink, { error: "is not a https://chat.whatsapp.com/ invite link" }),
});

export const joinRequestListResponseSchema = z.object({
  data: z.array(
    z.object({
      join_request_id: z.string(),
      wa_id: z.string(),
      creation_timestamp: z.number(),
    }),
  ),
  paging: pagingSchema.optional(),
});

/** An error item inside a 2xx answer (spec: components.schemas.Error). Every field optional. */
const errorItemSchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  title: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});

const failedJoinRequestsSchema = z
  .array(
    z.object({
      join_request_id: z.string(),
      errors: z.array(errorItemSchema).optional(),
    }),
  )
  .optional();

export const approveJoinRequestsResponseSchema = z.object({
  approved_join_requests: z.array(z.string()).optional(),
  failed_join_requests: failedJoinRequestsSchema,
  errors: z.array(errorItemSchema).optional(),
});

export const rejectJoinRequestsResponseSchema = z.object({
  rejected_join_requests: z.array(z.string()).optional(),
  failed_join_requests: failedJoinRequestsSchema,
  errors: z.array(errorItemSchema).optional(),
});

export const deleteGroupResponseSchema = z.object({
  success: z.union([z.boolean(), z.literal("true"), z.literal("false")]).optional(),
});

/**
 * Meta's error envelope. Each field falls back to undefined when it has an unexpected type, so a slightly odd
 * envelope still yields a GraphError with whatever could be read.
 */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    code: z.number().int().optional().catch(undefined),
    error_subcode: z.number().int().optional().catch(undefined),
    error_user_title: z.string().optional().catch(undefined),
    error_user_msg: z.string().optional().catch(undefined),
    error_data: z
      .object({ details: z.string().optional().catch(undefined) })
      .optional()
      .catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
  }),
});

export type ErrorItem = z.infer<typeof errorItemSchema>;
