import { z } from "zod";
import type { EmulatorContext } from "./context";
import { GraphError, groupNotFound } from "./errors";
import { faultRuleSchema } from "./faults";
import { formatGraphDate, makeJoinRequestId, unixSeconds } from "./ids";
import { type Group, MAX_GROUPS_PER_NUMBER, MAX_PARTICIPANTS } from "./state";
import { parseBody } from "./validation";

export interface ControlResponse {
  status: number;
  body: unknown;
}

const phoneIdSchema = z.string().regex(/^\d{1,20}$/, "phone number ids are digits");

const resetSchema = z
  .object({
    seedGroups: z.number().int().min(0).max(MAX_GROUPS_PER_NUMBER).optional(),
    phoneNumberIds: z.array(phoneIdSchema).min(1).optional(),
  })
  .strict();

const seedSchema = z
  .object({ phoneNumberId: z.string().min(1), count: z.number().int().min(0).max(MAX_GROUPS_PER_NUMBER) })
  .strict();

const configSchema = z
  .object({
    createDelayMs: z.number().int().min(0).max(3_600_000).optional(),
    webhookUrl: z.union([z.url({ protocol: /^https?$/ }), z.null()]).optional(),
    appSecret: z.string().min(1).optional(),
  })
  .strict();

const joinSchema = z.object({
  wa_id: z.string().regex(/^\+?\d{5,20}$/, "wa_id must be digits"),
  invite_link: z.string().optional(),
});
const suspendSchema = z.object({ suspended: z.boolean() });

function badRequest(message: string): GraphError {
  return new GraphError({ status: 400, code: 100, message: `(#100) ${message}`, details: message });
}

function notFound(message: string): GraphError {
  return new GraphError({ status: 404, code: 100, message });
}

function parse<T>(schema: z.ZodType<T>, raw: Buffer, contentType: string | null): T {
  const result = schema.safeParse(parseBody(raw, contentType));
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw badRequest(`Invalid control request: ${where}${issue?.message ?? "invalid body"}`);
  }
  return result.data;
}

export function groupSnapshot(group: Group): Record<string, unknown> {
  return {
    id: group.id,
    phoneNumberId: group.phoneNumberId,
    subject: group.subject,
    description: group.description ?? null,
    joinApprovalMode: group.joinApprovalMode,
    createdAt: formatGraphDate(group.createdAtMs),
    inviteLink: group.inviteLink,
    participants: [...group.participants],
    joinRequests: group.joinRequests.map((r) => ({
      join_request_id: r.id,
      wa_id: r.waId,
      creation_timestamp: unixSeconds(r.createdAtMs),
    })),
    suspended: group.suspended,
  };
}

/** The unauthenticated control API under /__emulator/. `segments` are the path parts after `__emulator`. */
export function routeControl(
  ctx: EmulatorContext,
  method: string,
  segments: string[],
  raw: Buffer,
  contentType: string | null,
): ControlResponse {
  const [a, b, c, ...rest] = segments;
  const route = `${method} ${a ?? ""}${b !== undefined ? "/:id" : ""}${c !== undefined ? `/${c}` : ""}`;
  if (rest.length > 0) throw notFound(`Unknown control call ${method} /__emulator/${segments.join("/")}`);

  switch (route) {
    case "POST reset": {
      const body = parse(resetSchema, raw, contentType);
      ctx.reset(body);
      return { status: 200, body: { ok: true } };
    }
    case "POST seed": {
      const body = parse(seedSchema, raw, contentType);
      if (!ctx.state.hasNumber(body.phoneNumberId)) throw badRequest(`Unknown phone number id ${body.phoneNumberId}`);
      const total = ctx.state.seed(body.phoneNumberId, body.count);
      return { status: 200, body: { ok: true, total } };
    }
    case "GET state": {
      const groups: Record<string, number> = {};
      for (const phone of ctx.state.phoneNumberIds) groups[phone] = ctx.state.groupCount(phone);
      return {
        status: 200,
        body: {
          phoneNumberIds: [...ctx.state.phoneNumberIds],
          groups,
          pendingCreates: ctx.state.pendingCreates(),
          faults: ctx.faults.list(),
        },
      };
    }
    case "POST config": {
      const body = parse(configSchema, raw, contentType);
      if (body.createDelayMs !== undefined) ctx.config.createDelayMs = body.createDelayMs;
      if (body.webhookUrl !== undefined) ctx.config.webhookUrl = body.webhookUrl;
      if (body.appSecret !== undefined) ctx.config.appSecret = body.appSecret;
      return { status: 200, body: { ok: true } };
    }
    case "POST faults": {
      const rule = ctx.faults.add(parse(faultRuleSchema, raw, contentType));
      return { status: 201, body: { id: rule.id } };
    }
    case "GET faults":
      return { status: 200, body: { faults: ctx.faults.list() } };
    case "DELETE faults":
      ctx.faults.clear();
      return { status: 200, body: { ok: true } };
    case "DELETE faults/:id": {
      if (!ctx.faults.remove(b as string)) throw notFound(`No fault with id ${b}`);
      return { status: 200, body: { ok: true } };
    }
    case "GET calls":
      return { status: 200, body: { calls: ctx.calls } };
    case "GET webhooks":
      return { status: 200, body: { deliveries: ctx.webhooks.log } };
    case "GET groups/:id":
      return { status: 200, body: groupSnapshot(findGroup(ctx, b)) };
    case "POST groups/:id/join":
      return simulateJoin(ctx, findGroup(ctx, b), parse(joinSchema, raw, contentType));
    case "POST groups/:id/suspend": {
      const group = findGroup(ctx, b);
      const { suspended } = parse(suspendSchema, raw, contentType);
      group.suspended = suspended;
      ctx.webhooks.send("group_status_update", group.phoneNumberId, [
        { timestamp: ctx.timestamp(), group_id: group.id, type: suspended ? "group_suspend" : "group_suspend_cleared" },
      ]);
      return { status: 200, body: { ok: true, suspended } };
    }
    default:
      throw notFound(`Unknown control call ${method} /__emulator/${segments.join("/")}`);
  }
}

function findGroup(ctx: EmulatorContext, id: string | undefined): Group {
  const group = id === undefined ? undefined : ctx.state.getGroup(id);
  if (!group) throw groupNotFound(id ?? "");
  return group;
}

function simulateJoin(
  ctx: EmulatorContext,
  group: Group,
  body: { wa_id: string; invite_link?: string | undefined },
): ControlResponse {
  const waId = body.wa_id.replace(/\D/g, "");
  if (body.invite_link !== undefined && body.invite_link !== group.inviteLink) {
    throw new GraphError({
      status: 400,
      code: 100,
      message: "(#100) This invite link was reset and no longer works",
      details: "The invite link is not the group's current link.",
    });
  }
  if (group.removed.has(waId)) {
    throw new GraphError({
      status: 400,
      code: 100,
      message: "(#100) This user was removed by the business and cannot rejoin through the invite link",
      details: `User ${waId} was removed from the group.`,
    });
  }
  if (group.participants.includes(waId)) {
    throw new GraphError({
      status: 400,
      code: 131202,
      title: "Duplicate participant",
      message: "(#131202) User is already a participant",
      details: `User ${waId} is already in the group.`,
    });
  }
  if (group.joinApprovalMode === "approval_required") {
    const existing = group.joinRequests.find((r) => r.waId === waId);
    if (existing) return { status: 200, body: { join_request_id: existing.id } };
    const request = { id: makeJoinRequestId(), waId, createdAtMs: ctx.now() };
    ctx.state.addJoinRequest(group, request);
    ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
      {
        timestamp: ctx.timestamp(),
        group_id: group.id,
        type: "group_join_request_created",
        join_request_id: request.id,
        wa_id: waId,
      },
    ]);
    return { status: 200, body: { join_request_id: request.id } };
  }
  if (group.participants.length >= MAX_PARTICIPANTS) {
    throw new GraphError({
      status: 400,
      code: 131204,
      title: "Participant limit reached",
      message: "(#131204) Participant limit reached",
      details: `A group can have at most ${MAX_PARTICIPANTS} participants.`,
    });
  }
  group.participants.push(waId);
  ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
    {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_participants_add",
      reason: "invite_link",
      added_participants: [{ wa_id: waId }],
    },
  ]);
  return { status: 200, body: { participant: true } };
}
