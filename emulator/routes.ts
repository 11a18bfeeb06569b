import { createHash } from "node:crypto";
import type { EmulatorContext } from "./context";
import { paginate } from "./cursors";
import {
  fromItemError,
  GraphError,
  groupNotFound,
  groupSuspended,
  invalidCursor,
  invalidParam,
  itemError,
  type ItemError,
  pictureNotSquare,
  pictureTooSmall,
  unknownPath,
  unsupportedRequest,
} from "./errors";
import type { AsyncFailure } from "./faults";
import { identityOf, looksLikeUserId } from "./identity";
import { formatGraphDate, makeInviteLink, makeRequestId, unixSeconds } from "./ids";
import { readJpegSize } from "./jpeg";
import { isMultipartFormData, multipartBoundary, parseMultipart } from "./multipart";
import { type Group, groupKey, joinRequestKey, MAX_GROUPS_PER_NUMBER, MAX_PARTICIPANTS, type ProfilePicture } from "./state";
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

/** Profile picture rules (Meta: JPEG, at most 5 MB, square, at least 192x192). */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
const MIN_PICTURE_PIXELS = 192;

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
  /** set when a fault rule asks for the call's outcome to be reported as a failure by webhook */
  createFailure: AsyncFailure | undefined;
  settingsFailure?: AsyncFailure | undefined;
  deleteFailure?: AsyncFailure | undefined;
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

const ok = (body: unknown, status = 200): GraphResponse => ({ status, body });

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
      return groupInfo(ctx, group, req.query);
    case "POST ":
      return updateSettings(ctx, req, group);
    case "DELETE ":
      return deleteGroup(ctx, group, req.deleteFailure);
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

function groupInfo(ctx: EmulatorContext, group: Group, query: URLSearchParams): GraphResponse {
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
        // The contract's GET shape is [{wa_id}]; in the "user_id" identity shape the BSUID is added.
        out.participants = group.participants.map((wa_id) =>
          ctx.config.identityShape === "user_id" ? { wa_id, user_id: identityOf(wa_id).user_id } : { wa_id },
        );
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

interface SettingsChange {
  subject?: string;
  description?: string;
  picture?: ProfilePicture;
}

/** POST /{group}: JSON (or form) for subject/description, multipart/form-data for a picture (`file`). */
function updateSettings(ctx: EmulatorContext, req: GraphRequest, group: Group): GraphResponse {
  const change = isMultipartFormData(req.contentType) ? readMultipartSettings(req) : readJsonSettings(req);
  assertNotSuspended(group);
  const failure = req.settingsFailure;
  const requestId = makeRequestId();
  ctx.later(() => {
    // Applied when the webhook goes out; a group deleted in the meantime gets neither.
    if (ctx.state.getGroup(group.id) !== group) return;
    const done = failure === undefined;
    const update: Record<string, unknown> = {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_settings_update",
      request_id: requestId,
    };
    if (change.subject !== undefined) {
      if (done) group.subject = change.subject;
      update.group_subject = { text: change.subject, update_successful: done };
    }
    if (change.description !== undefined) {
      if (done) group.description = change.description;
      update.group_description = { text: change.description, update_successful: done };
    }
    if (change.picture !== undefined) {
      if (done) group.profilePicture = change.picture;
      update.profile_picture = { mime_type: change.picture.mime_type, sha256: change.picture.sha256, update_successful: done };
    }
    if (failure) update.errors = [failureItem(failure)];
    ctx.webhooks.send("group_settings_update", group.phoneNumberId, [update]);
  });
  return ok({ success: true });
}

function failureItem(f: AsyncFailure): ItemError {
  return { code: f.code, message: f.message, title: f.title, error_data: { details: f.details } };
}

function requireSomeSetting(change: SettingsChange): SettingsChange {
  if (change.subject === undefined && change.description === undefined && change.picture === undefined) {
    const details = "At least one of subject, description or a profile picture file is required";
    throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
  }
  return change;
}

function readJsonSettings(req: GraphRequest): SettingsChange {
  const body = parseBody(req.raw, req.contentType);
  requireMessagingProduct(body);
  return requireSomeSetting(textSettings(body));
}

function textSettings(body: Body): SettingsChange {
  const change: SettingsChange = {};
  const subject = stringField(body, "subject", { trim: true, min: 1, max: 128 });
  const description = stringField(body, "description", { max: 2048 });
  if (subject !== undefined) change.subject = subject;
  if (description !== undefined) change.description = description;
  return change;
}

/**
 * A multipart update: text fields `messaging_product` (required), `subject`, `description`, and one `file` part
 * holding the picture. Without subject or description the file is required. The picture is checked from its bytes.
 */
function readMultipartSettings(req: GraphRequest): SettingsChange {
  const boundary = multipartBoundary(req.contentType);
  if (boundary === null) {
    const details = "The multipart/form-data Content-Type has no valid boundary parameter";
    throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
  }
  if (req.raw.length === 0) throw missingParam("file");
  const parsed = parseMultipart(req.raw, boundary);
  if (!parsed.ok) {
    const details = `Malformed multipart/form-data body: ${parsed.error}`;
    throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
  }
  const fields: Body = {};
  const files = parsed.parts.filter((p) => p.name === "file");
  for (const part of parsed.parts) {
    if (part.name !== "file" && part.filename === undefined && !(part.name in fields))
      fields[part.name] = part.data.toString("utf8");
  }
  requireMessagingProduct(fields);
  const change = textSettings(fields);
  if (files.length > 1) throw invalidParam("file", "must be sent once");
  const file = files[0];
  if (file === undefined) {
    if (change.subject === undefined && change.description === undefined) throw missingParam("file");
    return change;
  }
  if (file.data.length > MAX_PICTURE_BYTES) {
    throw invalidParam("file", `must be at most 5 MB (${MAX_PICTURE_BYTES} bytes) - got ${file.data.length} bytes`);
  }
  const size = readJpegSize(file.data);
  if (size === null) throw invalidParam("file", "must be a JPEG image (image/jpeg)");
  if (size.width !== size.height) throw pictureNotSquare(size.width, size.height);
  if (size.width < MIN_PICTURE_PIXELS) throw pictureTooSmall(size.width, size.height, MIN_PICTURE_PIXELS);
  change.picture = {
    mime_type: "image/jpeg",
    sha256: createHash("sha256").update(file.data).digest("base64"),
    bytes: file.data.length,
    width: size.width,
    height: size.height,
  };
  return change;
}

/** DELETE /{group}: `{"success":true}` at once; the group goes (or, with a deleteFailure, stays) when group_delete goes out. */
function deleteGroup(ctx: EmulatorContext, group: Group, failure: AsyncFailure | undefined): GraphResponse {
  const requestId = makeRequestId();
  ctx.later(() => {
    if (ctx.state.getGroup(group.id) !== group) return; // already deleted by an earlier pending delete
    const update: Record<string, unknown> = {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_delete",
      request_id: requestId,
    };
    if (failure) update.errors = [failureItem(failure)];
    else ctx.state.deleteGroup(group.id);
    ctx.webhooks.send("group_lifecycle_update", group.phoneNumberId, [update]);
  });
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

/**
 * POST (approve) / DELETE (reject) /{group}/join_requests. All done: 200. Some failed: 206 with
 * failed_join_requests and a top-level 131201 "partially succeeded" error. All failed: 400 in Meta's error envelope
 * with the first item's error (131213 for a join request that does not exist, 131204 when the group is full).
 */
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
  if (done.length === 0) {
    const first = failed[0]?.errors[0];
    if (first) throw fromItemError(400, first);
  }
  const out: Record<string, unknown> = { messaging_product: "whatsapp" };
  out[action === "approve" ? "approved_join_requests" : "rejected_join_requests"] = done;
  if (failed.length > 0) {
    out.failed_join_requests = failed;
    out.errors = [itemError(131201, "Partially succeeded", `${failed.length} of ${ids.length} join requests failed.`)];
  }
  if (added.length > 0) {
    ctx.webhooks.send("group_participants_update", group.phoneNumberId, [
      {
        timestamp: ctx.timestamp(),
        group_id: group.id,
        type: "group_participants_add",
        reason: "invite_link",
        added_participants: added.map((waId) => ctx.person(waId)),
      },
    ]);
  }
  return ok(out, failed.length > 0 ? 206 : 200);
}

/** Phone numbers are matched by their digits ("+1 650-555-1234" = "16505551234"). */
function normalizeUser(input: string): string {
  return input.replace(/\D/g, "");
}

/** The participant a `user` input names: a phone number / wa_id (by its digits) or a business-scoped user ID. */
function resolveUser(group: Group, input: string): string | undefined {
  const trimmed = input.trim();
  if (looksLikeUserId(trimmed)) {
    return group.participants.find((p) => {
      const id = identityOf(p);
      return id.user_id === trimmed || id.parent_user_id === trimmed;
    });
  }
  const waId = normalizeUser(input);
  return waId.length > 0 && group.participants.includes(waId) ? waId : undefined;
}

/**
 * DELETE /{group}/participants: `{"success":true}` at once; the people are removed when group_participants_remove
 * goes out (after webhookDelayMs). Users not in the group are listed in failed_participants with error 131212.
 */
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
  const requestId = makeRequestId();
  ctx.later(() => {
    if (ctx.state.getGroup(group.id) !== group) return;
    const removed: Record<string, unknown>[] = [];
    const failed: Record<string, unknown>[] = [];
    for (const input of inputs) {
      const waId = resolveUser(group, input);
      if (waId !== undefined) {
        group.participants = group.participants.filter((p) => p !== waId);
        group.removed.add(waId);
        removed.push({ input, ...ctx.personExtras(waId) });
      } else {
        const digits = looksLikeUserId(input) ? undefined : normalizeUser(input);
        failed.push({
          input,
          ...ctx.personExtras(digits),
          errors: [itemError(131212, "Participant not in group", `User ${input} is not a participant of this group.`)],
        });
      }
    }
    const update: Record<string, unknown> = {
      timestamp: ctx.timestamp(),
      group_id: group.id,
      type: "group_participants_remove",
      request_id: requestId,
      initiated_by: "business",
      removed_participants: removed,
    };
    if (failed.length > 0) update.failed_participants = failed;
    ctx.webhooks.send("group_participants_update", group.phoneNumberId, [update]);
  });
  return ok({ success: true });
}
