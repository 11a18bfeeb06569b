import { z } from "zod";
import type { CallRecord, EmulatorContext, RuntimeConfig } from "./context";
import { fromItemError, GraphError, groupNotFound, itemError } from "./errors";
import { type FaultRule, faultRuleSchema } from "./faults";
import { IDENTITY_SHAPES, identityOf, type UserIdentity } from "./identity";
import { formatGraphDate, makeJoinRequestId, unixSeconds } from "./ids";
import { type Group, type JoinApprovalMode, MAX_GROUPS_PER_NUMBER, MAX_PARTICIPANTS, type ProfilePicture } from "./state";
import { parseBody } from "./validation";
import type { WebhookDelivery } from "./webhooks";

export interface ControlResponse {
  status: number;
  body: unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// The control API's inputs and answers (control-client.ts speaks these).

export type ResetInput = z.input<typeof resetSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type JoinInput = z.input<typeof joinSchema>;
/** exactly one of the two */
export type JoinRequestsInput = { count: number } | { wa_ids: string[] };
export type { CallRecord, RuntimeConfig, WebhookDelivery };

export interface OkAnswer {
  ok: true;
}
export interface SeedAnswer extends OkAnswer {
  /** the number's group count after seeding */
  total: number;
}
export interface StateAnswer {
  phoneNumberIds: string[];
  /** groups per phone number id */
  groups: Record<string, number>;
  pendingCreates: number;
  /** settings updates, participant removals and deletes waiting for webhookDelayMs */
  pendingUpdates: number;
  /** webhook deliveries being sent or waiting to be retried */
  webhooksInFlight: number;
  faults: FaultRule[];
}
export interface ConfigAnswer extends OkAnswer {
  config: RuntimeConfig;
}
export interface FaultAddedAnswer {
  id: string;
}
export interface FaultsAnswer {
  faults: FaultRule[];
}
export interface CallsAnswer {
  calls: CallRecord[];
}
export interface WebhooksAnswer {
  deliveries: WebhookDelivery[];
}
interface JoinRequestSnapshot {
  join_request_id: string;
  wa_id: string;
  creation_timestamp: number;
}
/** GET /__emulator/groups/:id */
export interface GroupSnapshot {
  id: string;
  phoneNumberId: string;
  subject: string;
  description: string | null;
  joinApprovalMode: JoinApprovalMode;
  createdAt: string;
  inviteLink: string;
  /** wa_ids */
  participants: string[];
  joinRequests: JoinRequestSnapshot[];
  suspended: boolean;
  profilePicture: ProfilePicture | null;
  /** the business-scoped identity of every participant and requester, by wa_id (whatever identityShape is set) */
  identities: Record<string, UserIdentity>;
}
/** POST /__emulator/groups/:id/join: a participant (auto_approve) or a join request (approval_required) */
export type JoinAnswer = { participant: true } | { join_request_id: string };
export interface JoinRequestsAnswer {
  join_request_ids: string[];
}
export interface SuspendAnswer extends OkAnswer {
  suspended: boolean;
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
    webhookDelayMs: z.number().int().min(0).max(3_600_000).optional(),
    webhookUrl: z.union([z.url({ protocol: /^https?$/ }), z.null()]).optional(),
    appSecret: z.string().min(1).optional(),
    identityShape: z.enum(IDENTITY_SHAPES).optional(),
    strictUserAgent: z.boolean().optional(),
  })
  .strict();

const waIdSchema = z.string().regex(/^\+?\d{5,20}$/, "wa_id must be digits");
const joinSchema = z.object({
  wa_id: waIdSchema,
  invite_link: z.string().optional(),
});
const joinRequestsSchema = z
  .object({
    count: z.number().int().min(1).max(100).optional(),
    wa_ids: z.array(waIdSchema).min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => (b.count === undefined) !== (b.wa_ids === undefined), "send exactly one of count and wa_ids");
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

function groupSnapshot(group: Group): GroupSnapshot {
  const identities: Record<string, UserIdentity> = {};
  for (const waId of [...group.participants, ...group.joinRequests.map((r) => r.waId)]) identities[waId] = identityOf(waId);
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
    profilePicture: group.profilePicture ? { ...group.profilePicture } : null,
    identities,
  };
}

const answer = (body: unknown, status = 200): ControlResponse => ({ status, body });

/** The unauthenticated control API under /__emulator/. `segments` are the path parts after `__emulator`. */
export function routeControl(
  ctx: EmulatorContext,
  method: string,
  segments: string[],
  raw: Buffer,
  contentType: string | null,
): ControlResponse {
  const [a, b, c, d, ...rest] = segments;
  const route =
    `${method} ${a ?? ""}${b !== undefined ? "/:id" : ""}${c !== undefined ? `/${c}` : ""}` + (d !== undefined ? "/:id" : "");
  if (rest.length > 0) throw notFound(`Unknown control call ${method} /__emulator/${segments.join("/")}`);

  switch (route) {
    case "POST reset": {
      const body = parse(resetSchema, raw, contentType);
      ctx.reset(body);
      return answer({ ok: true } satisfies OkAnswer);
    }
    case "POST seed": {
      const body = parse(seedSchema, raw, contentType);
      if (!ctx.state.hasNumber(body.phoneNumberId)) throw badRequest(`Unknown phone number id ${body.phoneNumberId}`);
      const total = ctx.state.seed(body.phoneNumberId, body.count);
      return answer({ ok: true, total } satisfies SeedAnswer);
    }
    case "GET state": {
      const groups: Record<string, number> = {};
      for (const phone of ctx.state.phoneNumberIds) groups[phone] = ctx.state.groupCount(phone);
      return answer({
        phoneNumberIds: [...ctx.state.phoneNumberIds],
        groups,
        pendingCreates: ctx.state.pendingCreates(),
        pendingUpdates: ctx.pendingUpdates(),
        webhooksInFlight: ctx.webhooks.inFlight(),
        faults: ctx.faults.list(),
      } satisfies StateAnswer);
    }
    case "GET config":
      return answer({ ok: true, config: { ...ctx.config } } satisfies ConfigAnswer);
    case "POST config": {
      const body = parse(configSchema, raw, contentType);
      if (body.createDelayMs !== undefined) ctx.config.createDelayMs = body.createDelayMs;
      if (body.webhookDelayMs !== undefined) ctx.config.webhookDelayMs = body.webhookDelayMs;
      if (body.webhookUrl !== undefined) ctx.config.webhookUrl = body.webhookUrl;
      if (body.appSecret !== undefined) ctx.config.appSecret = body.appSecret;
      if (body.identityShape !== undefined) ctx.config.identityShape = body.identityShape;
      if (body.strictUserAgent !== undefined) ctx.config.strictUserAgent = body.strictUserAgent;
      return answer({ ok: true, config: { ...ctx.config } } satisfies ConfigAnswer);
    }
    case "POST faults": {
      const rule = ctx.faults.add(parse(faultRuleSchema, raw, contentType));
      return answer({ id: rule.id } satisfies FaultAddedAnswer, 201);
    }
    case "GET faults":
      return answer({ faults: ctx.faults.list() } satisfies FaultsAnswer);
    case "DELETE faults":
      ctx.faults.clear();
      return answer({ ok: true } satisfies OkAnswer);
    case "DELETE faults/:id": {
      if (!ctx.faults.remove(b as string)) throw notFound(`No fault with id ${b}`);
      return answer({ ok: true } satisfies OkAnswer);
    }
    case "GET calls":
      return answer({ calls: ctx.calls } satisfies CallsAnswer);
    case "GET webhooks":
      return answer({ deliveries: ctx.webhooks.log } satisfies WebhooksAnswer);
    case "GET groups/:id":
      return answer(groupSnapshot(findGroup(ctx, b)));
    case "POST groups/:id/join":
      return answer(simulateJoin(ctx, findGroup(ctx, b), parse(joinSchema, raw, contentType)));
    case "POST groups/:id/join_requests":
      return answer(createJoinRequests(ctx, findGroup(ctx, b), parse(joinRequestsSchema, raw, contentType)));
    case "DELETE groups/:id/join_requests/:id":
      return answer(revokeJoinRequest(ctx, findGroup(ctx, b), d as string));
    case "POST groups/:id/suspend": {
      const group = findGroup(ctx, b);
      const { suspended } = parse(suspendSchema, raw, contentType);
      group.suspended = suspended;
      ctx.webhooks.send("group_status_update", group.phoneNumberId, [
        { timestamp: ctx.timestamp(), group_id: group.id, type: suspended ? "group_suspend" : "group_suspend_cleared" },
      ]);
      return answer({ ok: true, suspended } satisfies SuspendAnswer);
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

function duplicateParticipant(waId: string): GraphError {
  return new GraphError({
    status: 400,
    code: 131202,
    title: "Duplicate participant",
    message: "(#131202) User is already a participant",
    details: `User ${waId} is already in the group.`,
  });
}

function removedUser(waId: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    message: "(#100) This user was removed by the business and cannot rejoin through the invite link",
    details: `User ${waId} was removed from the group.`,
  });
}

/** Opens a join request for `waId` (or returns the one already open) and sends group_join_request_created. */
function openJoinRequest(ctx: EmulatorContext, group: Group, waId: string): string {
  const existing = group.joinRequests.find((r) => r.waId === waId);
  if (existing) return existing.id;
  const request = { id: makeJoinRequestId(), waId, createdAtMs: ctx.now() };
  ctx.state.addJoinRequest(group, request);
  ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
    {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_join_request_created",
      join_request_id: request.id,
      ...ctx.person(waId),
    },
  ]);
  return request.id;
}

function simulateJoin(ctx: EmulatorContext, group: Group, body: { wa_id: string; invite_link?: string | undefined }): JoinAnswer {
  const waId = body.wa_id.replace(/\D/g, "");
  if (body.invite_link !== undefined && body.invite_link !== group.inviteLink) {
    throw new GraphError({
      status: 400,
      code: 100,
      message: "(#100) This invite link was reset and no longer works",
      details: "The invite link is not the group's current link.",
    });
  }
  if (group.removed.has(waId)) throw removedUser(waId);
  if (group.participants.includes(waId)) throw duplicateParticipant(waId);
  if (group.joinApprovalMode === "approval_required") return { join_request_id: openJoinRequest(ctx, group, waId) };
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
      added_participants: [ctx.person(waId)],
    },
  ]);
  return { participant: true };
}

/**
 * Many people ask to join an approval_required group at once: `count` made-up people (wa_ids 1650556xxxx not yet in
 * the group, asking or removed) or the given `wa_ids`. All are checked before any request is made. Someone with an
 * open request keeps it (its id is returned, no new webhook).
 */
function createJoinRequests(
  ctx: EmulatorContext,
  group: Group,
  body: { count?: number | undefined; wa_ids?: string[] | undefined },
): JoinRequestsAnswer {
  if (group.joinApprovalMode !== "approval_required") {
    throw badRequest(`Group ${group.id} uses auto_approve: people join directly (POST /__emulator/groups/:id/join)`);
  }
  const taken = (waId: string) =>
    group.participants.includes(waId) || group.removed.has(waId) || group.joinRequests.some((r) => r.waId === waId);
  let waIds: string[];
  if (body.wa_ids !== undefined) {
    waIds = body.wa_ids.map((w) => w.replace(/\D/g, ""));
    const dup = waIds.find((w, i) => waIds.indexOf(w) !== i);
    if (dup !== undefined) throw badRequest(`Invalid control request: wa_ids: ${dup} is listed twice`);
    for (const waId of waIds) {
      if (group.removed.has(waId)) throw removedUser(waId);
      if (group.participants.includes(waId)) throw duplicateParticipant(waId);
    }
  } else {
    waIds = [];
    for (let n = 16_505_560_000; waIds.length < (body.count ?? 0); n++) {
      const waId = String(n);
      if (!taken(waId)) waIds.push(waId);
    }
  }
  return { join_request_ids: waIds.map((waId) => openJoinRequest(ctx, group, waId)) };
}

/** The person withdrew their join request: it disappears and group_join_request_revoked is sent. */
function revokeJoinRequest(ctx: EmulatorContext, group: Group, joinRequestId: string): OkAnswer {
  const request = group.joinRequests.find((r) => r.id === joinRequestId);
  if (!request) {
    throw fromItemError(
      400,
      itemError(131213, "Join request does not exist", `Join request ${joinRequestId} does not exist for this group.`),
    );
  }
  group.joinRequests = group.joinRequests.filter((r) => r !== request);
  ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
    {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_join_request_revoked",
      join_request_id: request.id,
      ...ctx.person(request.waId),
    },
  ]);
  return { ok: true };
}
