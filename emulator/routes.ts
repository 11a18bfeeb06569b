import { createHash } from "node:crypto";
import type { EmulatorContext } from "./context";
import { paginate } from "./cursors";
import {
  GraphError,
  groupNotFound,
  groupSuspended,
  invalidCursor,
  invalidParam,
  itemError,
  type ItemError,
  unknownPath,
  unsupportedRequest,
} from "./errors";
import type { CreateFailure } from "./faults";
import { formatGraphDate, makeInviteLink, makeRequestId, unixSeconds } from "./ids";
import { type Group, groupKey, joinRequestKey, MAX_GROUPS_PER_NUMBER, MAX_PARTICIPANTS } from "./state";
import {
  type Body,
  enumField,
  missingParam,
  parseBody,
  parseCursors,
  parseLimit,
  requireMessagingProduct,
  stringField,
} from "./validation";

export interface GraphRequest {
  method: string;
  /** e.g. "/v23.0" */
  version: string;
  /** path segments after the version prefix, URL-decoded */
  segments: string[];
  query: URLSearchParams;
  raw: Buffer;
  contentType: string | null;
  /** scheme://host the client used, for paging links */
  origin: string;
  createFailure: CreateFailure | undefined;
}

export interface GraphResponse {
  status: number;
  body: unknown;
}

const JOIN_MODES = ["approval_required", "auto_approve"] as const;
const GROUP_FIELDS = new Set([
  "subject",
  "description",
  "participants",
  "join_approval_mode",
  "suspended",
  "creation_timestamp",
  "total_participant_count",
]);

const ok = (body: unknown): GraphResponse => ({ status: 200, body });

/** Routes one authenticated Graph call (version prefix already stripped). Throws GraphError for Graph errors. */
export function routeGraph(ctx: EmulatorContext, req: GraphRequest): GraphResponse {
  const { method, segments } = req;
  const [first, edge, ...rest] = segments;
  if (first === undefined || rest.length > 0) throw unknownPath(method, "/" + segments.join("/"));

  if (edge === "groups") {
    if (!ctx.state.hasNumber(first)) throw unsupportedRequest(method, first);
    if (method === "GET") return listGroups(ctx, req, first);
    if (method === "POST") return createGroup(ctx, req, first);
    throw unsupportedRequest(method, first);
  }
  if (ctx.state.hasNumber(first)) {
    // The phone-number node itself and its other edges are outside the emulated surface.
    throw edge === undefined ? unsupportedRequest(method, first) : unknownPath(method, `/${edge}`);
  }
  if (edge !== undefined && !["invite_link", "join_requests", "participants"].includes(edge)) {
    throw unknownPath(method, `/${edge}`);
  }
  const allowed: Record<string, string[]> = {
    "": ["GET", "POST", "DELETE"],
    invite_link: ["GET", "POST"],
    join_requests: ["GET", "POST", "DELETE"],
    participants: ["DELETE"],
  };
  if (!(allowed[edge ?? ""] ?? []).includes(method)) throw unsupportedRequest(method, first);

  const group = ctx.state.getGroup(first);
  if (!group) throw groupNotFound(first);
  const body = (): Body => parseBody(req.raw, req.contentType);

  switch (`${method} ${edge ?? ""}`) {
    case "GET ":
      return groupInfo(group, req.query);
    case "POST ":
      return updateSettings(ctx, req, group);
    case "DELETE ":
      return deleteGroup(ctx, group);
    case "GET invite_link":
      return ok({ messaging_product: "whatsapp", invite_link: group.inviteLink });
    case "POST invite_link": {
      requireMessagingProduct(body());
      assertNotSuspended(group);
      group.inviteLink = makeInviteLink();
      return ok({ messaging_product: "whatsapp", invite_link: group.inviteLink });
    }
    case "GET join_requests":
      return listJoinRequests(ctx, req, group);
    case "POST join_requests":
      return answerJoinRequests(ctx, group, body(), "approve");
    case "DELETE join_requests":
      return answerJoinRequests(ctx, group, body(), "reject");
    case "DELETE participants":
      return removeParticipants(ctx, group, body());
    default:
      throw unsupportedRequest(method, first);
  }
}

function assertNotSuspended(group: Group): void {
  if (group.suspended) throw groupSuspended(group.id);
}

function pagingBlock(
  req: GraphRequest,
  path: string,
  limit: number,
  page: { before?: string; after?: string; hasNext: boolean; hasPrevious: boolean },
): Record<string, unknown> {
  const cursors: Record<string, string> = {};
  if (page.before !== undefined) cursors.before = page.before;
  if (page.after !== undefined) cursors.after = page.after;
  const paging: Record<string, unknown> = { cursors };
  const base = `${req.origin}${req.version}/${path}`;
  if (page.hasPrevious && page.before !== undefined) {
    paging.previous = `${base}?limit=${limit}&before=${encodeURIComponent(page.before)}`;
  }
  if (page.hasNext && page.after !== undefined) {
    paging.next = `${base}?limit=${limit}&after=${encodeURIComponent(page.after)}`;
  }
  return paging;
}

function listGroups(ctx: EmulatorContext, req: GraphRequest, phone: string): GraphResponse {
  const limit = parseLimit(req.query);
  const cursors = parseCursors(req.query);
  const page = paginate(ctx.cursors, `groups:${phone}`, ctx.state.groupsOf(phone), groupKey, { limit, ...cursors });
  if (!page) throw invalidCursor();
  return ok({
    data: {
      groups: page.items.map((g) => ({ id: g.id, subject: g.subject, created_at: formatGraphDate(g.createdAtMs) })),
    },
    paging: pagingBlock(req, `${encodeURIComponent(phone)}/groups`, limit, page),
  });
}

function createGroup(ctx: EmulatorContext, req: GraphRequest, phone: string): GraphResponse {
  const body = parseBody(req.raw, req.contentType);
  requireMessagingProduct(body);
  const subject = stringField(body, "subject", { required: true, trim: true, min: 1, max: 128 }) as string;
  const description = stringField(body, "description", { max: 2048 });
  const joinApprovalMode = enumField(body, "join_approval_mode", JOIN_MODES, "auto_approve");
  if (ctx.state.usedCapacity(phone) >= MAX_GROUPS_PER_NUMBER) {
    throw new GraphError({
      status: 400,
      code: 131211,
      title: "Group creation limit reached",
      message: "(#131211) Group creation limit reached",
      details: `Phone number ${phone} already has ${MAX_GROUPS_PER_NUMBER} groups (including pending creations).`,
    });
  }
  const requestId = ctx.scheduleCreate({
    phoneNumberId: phone,
    subject,
    description,
    joinApprovalMode,
    failure: req.createFailure,
  });
  return ok({ messaging_product: "whatsapp", request_id: requestId });
}

function groupInfo(group: Group, query: URLSearchParams): GraphResponse {
  const fields = (query.get("fields") ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  for (const f of fields) {
    if (!GROUP_FIELDS.has(f)) {
      const details = `Tried accessing nonexisting field (${f}) on node type (WhatsAppGroup)`;
      throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
    }
  }
  const out: Record<string, unknown> = { messaging_product: "whatsapp", id: group.id };
  for (const f of fields) {
    switch (f) {
      case "subject":
        out.subject = group.subject;
        break;
      case "description":
        if (group.description !== undefined) out.description = group.description;
        break;
      case "participants":
        out.participants = group.participants.map((wa_id) => ({ wa_id }));
        break;
      case "join_approval_mode":
        out.join_approval_mode = group.joinApprovalMode;
        break;
      case "suspended":
        out.suspended = group.suspended;
        break;
      case "creation_timestamp":
        out.creation_timestamp = unixSeconds(group.createdAtMs);
        break;
      case "total_participant_count":
        out.total_participant_count = group.participants.length;
        break;
    }
  }
  return ok(out);
}

function updateSettings(ctx: EmulatorContext, req: GraphRequest, group: Group): GraphResponse {
  const isMultipart = (req.contentType ?? "").toLowerCase().startsWith("multipart/form-data");
  const update: Record<string, unknown> = {
    timestamp: ctx.timestamp(),
    group_id: group.id,
    type: "group_settings_update",
    request_id: makeRequestId(),
  };
  if (isMultipart) {
    // A profile picture upload. The emulator does not decode the image; it accepts any non-empty upload.
    if (req.raw.length === 0) throw missingParam("file");
    assertNotSuspended(group);
    update.profile_picture = {
      mime_type: "image/jpeg",
      sha256: createHash("sha256").update(req.raw).digest("base64"),
      update_successful: true,
    };
  } else {
    const body = parseBody(req.raw, req.contentType);
    requireMessagingProduct(body);
    const subject = stringField(body, "subject", { trim: true, min: 1, max: 128 });
    const description = stringField(body, "description", { max: 2048 });
    if (subject === undefined && description === undefined) {
      const details = "At least one of subject, description or a profile picture file is required";
      throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
    }
    assertNotSuspended(group);
    if (subject !== undefined) {
      group.subject = subject;
      update.group_subject = { text: subject, update_successful: true };
    }
    if (description !== undefined) {
      group.description = description;
      update.group_description = { text: description, update_successful: true };
    }
  }
  ctx.webhooks.send("group_settings_update", group.phoneNumberId, [update]);
  return ok({ success: true });
}

function deleteGroup(ctx: EmulatorContext, group: Group): GraphResponse {
  ctx.state.deleteGroup(group.id);
  ctx.webhooks.send("group_lifecycle_update", group.phoneNumberId, [
    { timestamp: ctx.timestamp(), group_id: group.id, type: "group_delete", request_id: makeRequestId() },
  ]);
  return ok({ success: true });
}

function listJoinRequests(ctx: EmulatorContext, req: GraphRequest, group: Group): GraphResponse {
  const limit = parseLimit(req.query);
  const cursors = parseCursors(req.query);
  const page = paginate(ctx.cursors, `join_requests:${group.id}`, group.joinRequests, joinRequestKey, {
    limit,
    ...cursors,
  });
  if (!page) throw invalidCursor();
  return ok({
    data: page.items.map((r) => ({
      join_request_id: r.id,
      wa_id: r.waId,
      creation_timestamp: unixSeconds(r.createdAtMs),
    })),
    paging: pagingBlock(req, `${encodeURIComponent(group.id)}/join_requests`, limit, page),
  });
}

function stringArray(body: Body, field: string, max: number): string[] {
  const v = body[field];
  if (v === undefined || v === null) throw missingParam(field);
  if (!Array.isArray(v)) throw invalidParam(field, "must be an array");
  if (v.length === 0) throw invalidParam(field, "must contain at least 1 item");
  if (v.length > max) throw invalidParam(field, `must contain at most ${max} items`);
  if (!v.every((x): x is string => typeof x === "string" && x.length > 0)) {
    throw invalidParam(field, "must contain only non-empty strings");
  }
  return v;
}

function answerJoinRequests(ctx: EmulatorContext, group: Group, body: Body, action: "approve" | "reject"): GraphResponse {
  requireMessagingProduct(body);
  const ids = stringArray(body, "join_requests", 1024);
  if (action === "approve") assertNotSuspended(group);
  const done: string[] = [];
  const failed: { join_request_id: string; errors: ItemError[] }[] = [];
  const added: string[] = [];
  for (const id of ids) {
    const request = group.joinRequests.find((r) => r.id === id);
    if (!request) {
      failed.push({
        join_request_id: id,
        errors: [itemError(131213, "Join request does not exist", `Join request ${id} does not exist for this group.`)],
      });
      continue;
    }
    if (action === "approve" && !group.participants.includes(request.waId)) {
      if (group.participants.length >= MAX_PARTICIPANTS) {
        failed.push({
          join_request_id: id,
          errors: [itemError(131204, "Participant limit reached", `A group can have at most ${MAX_PARTICIPANTS} participants.`)],
        });
        continue;
      }
      group.participants.push(request.waId);
      added.push(request.waId);
    }
    group.joinRequests = group.joinRequests.filter((r) => r !== request);
    done.push(id);
  }
  const out: Record<string, unknown> = { messaging_product: "whatsapp" };
  out[action === "approve" ? "approved_join_requests" : "rejected_join_requests"] = done;
  if (failed.length > 0) {
    out.failed_join_requests = failed;
    out.errors =
      done.length > 0
        ? [itemError(131201, "Partially succeeded", `${failed.length} of ${ids.length} join requests failed.`)]
        : (failed[0]?.errors ?? []);
  }
  if (added.length > 0) {
    ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
      {
        timestamp: ctx.timestamp(),
        group_id: group.id,
        type: "group_participants_add",
        reason: "invite_link",
        added_participants: added.map((wa_id) => ({ wa_id })),
      },
    ]);
  }
  return ok(out);
}

/** Phone numbers are matched by their digits ("+1 650-555-1234" = "16505551234"). */
export function normalizeUser(input: string): string {
  return input.replace(/\D/g, "");
}

function removeParticipants(ctx: EmulatorContext, group: Group, body: Body): GraphResponse {
  requireMessagingProduct(body);
  const list = body.participants;
  if (list === undefined || list === null) throw missingParam("participants");
  if (!Array.isArray(list)) throw invalidParam("participants", "must be an array");
  if (list.length < 1 || list.length > MAX_PARTICIPANTS) {
    throw invalidParam("participants", `must contain between 1 and ${MAX_PARTICIPANTS} items`);
  }
  const inputs: string[] = [];
  for (const item of list) {
    const user = typeof item === "object" && item !== null ? (item as Record<string, unknown>).user : undefined;
    if (typeof user !== "string" || user.trim().length === 0) {
      throw invalidParam("participants", 'items must be objects like {"user": "<phone or wa_id>"}');
    }
    inputs.push(user);
  }
  assertNotSuspended(group);
  const removed: { input: string }[] = [];
  const failed: { input: string; errors: ItemError[] }[] = [];
  for (const input of inputs) {
    const waId = normalizeUser(input);
    if (waId.length > 0 && group.participants.includes(waId)) {
      group.participants = group.participants.filter((p) => p !== waId);
      group.removed.add(waId);
      removed.push({ input });
    } else {
      failed.push({
        input,
        errors: [itemError(131212, "Participant not in group", `User ${input} is not a participant of this group.`)],
      });
    }
  }
  const update: Record<string, unknown> = {
    timestamp: ctx.timestamp(),
    group_id: group.id,
    type: "group_participants_remove",
    request_id: makeRequestId(),
    initiated_by: "business",
    removed_participants: removed,
  };
  if (failed.length > 0) update.failed_participants = failed;
  ctx.webhooks.send("group_participants_update", group.phoneNumberId, [update]);
  return ok({ success: true });
}
