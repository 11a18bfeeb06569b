import "server-only";

import { z } from "zod";

import packageJson from "@/package.json";
import { isGroupId } from "@/lib/validation/ids";

import { classifyGraphError, GraphError, type GraphErrorKind } from "./errors";
import {
  approveJoinRequestsResponseSchema,
  createGroupResponseSchema,
  deleteGroupResponseSchema,
  errorEnvelopeSchema,
  groupInfoResponseSchema,
  groupListResponseSchema,
  inviteLinkResponseSchema,
  joinRequestListResponseSchema,
  rejectJoinRequestsResponseSchema,
  type ErrorItem,
} from "./schemas";
import {
  GROUP_FIELDS,
  type CreateGroupInput,
  type GraphErrorDetail,
  type GroupField,
  type GroupInfo,
  type GroupPage,
  type GroupParticipant,
  type JoinRequestPage,
  type JoinRequestsOutcome,
  type PageCursors,
  type PageRequest,
  type UpdateGroupSettingsInput,
} from "./types";

export interface GraphCallInfo {
  method: string;
  /** Version and path segments, e.g. `/v23.0/123/groups`: no host, no query, never the token. */
  path: string;
  /** HTTP status, or null when no answer arrived (network error, timeout). */
  status: number | null;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** Meta's trace ID for the exchange (`x-fb-trace-id`, or the error envelope's `fbtrace_id`); null without an answer. */
  fbtraceId: string | null;
}

export interface GraphClientConfig {
  baseUrl: string;
  version: string;
  accessToken: string;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
  /**
   * Longest a read may take in all, retries and their waits included (a page render waits no longer than this for
   * Meta). A retry is not started when it could not get at least a second before the deadline. Default: no limit
   * beyond the attempts' own timeouts.
   */
  readDeadlineMs?: number;
  /** `name/x.y.z`, the form Meta's spec requires. Default: this package's name and version. */
  userAgent?: string;
  /** Extra attempts for GETs after a network error, timeout, 5xx or rate limit. Default 2. Writes are never retried. */
  maxReadRetries?: number;
  /** First backoff step; doubles per retry, jittered. Default 250. */
  retryBaseDelayMs?: number;
  /** Longest wait before a retry. A Retry-After above it means "don't retry". Default 5000. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
  onCall?: (info: GraphCallInfo) => void;
}

export interface GraphClient {
  listGroups(phoneNumberId: string, page?: PageRequest): Promise<GroupPage>;
  createGroup(phoneNumberId: string, input: CreateGroupInput): Promise<{ requestId: string }>;
  /** Without `fields`, every field in GROUP_FIELDS is asked for. */
  getGroup(groupId: string, fields?: GroupField[]): Promise<GroupInfo>;
  getInviteLink(groupId: string): Promise<string>;
  /** Makes a new link; every earlier link stops working. */
  resetInviteLink(groupId: string): Promise<string>;
  listJoinRequests(groupId: string, page?: PageRequest): Promise<JoinRequestPage>;
  approveJoinRequests(groupId: string, ids: string[]): Promise<JoinRequestsOutcome>;
  rejectJoinRequests(groupId: string, ids: string[]): Promise<JoinRequestsOutcome>;
  /** 1..8 phone numbers or wa_ids. The outcome arrives later as a webhook. */
  removeParticipants(groupId: string, users: string[]): Promise<void>;
  /** The outcome arrives later as a group_settings_update webhook; a 2xx only means "submitted". */
  updateSettings(groupId: string, input: UpdateGroupSettingsInput): Promise<void>;
  /** A new profile picture (JPEG bytes), sent as multipart; the outcome arrives as group_settings_update. */
  updatePicture(groupId: string, jpeg: Uint8Array<ArrayBuffer>): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A retry that cannot get at least this long before the read deadline is not started. */
const MIN_RETRY_BUDGET_MS = 1_000;
const DEFAULT_USER_AGENT = `${packageJson.name}/${packageJson.version}`;
const DEFAULT_MAX_READ_RETRIES = 2;
const DEFAULT_RETRY_BASE_DELAY_MS = 250;
const DEFAULT_MAX_RETRY_DELAY_MS = 5_000;

const FIELD_TO_WIRE: Record<GroupField, string> = {
  subject: "subject",
  description: "description",
  participants: "participants",
  joinApprovalMode: "join_approval_mode",
  suspended: "suspended",
  createdAt: "creation_timestamp",
  totalParticipantCount: "total_participant_count",
};

// ---------------------------------------------------------------------------------------------------------------
// Input validation: caught before a request is sent, reported as kind "validation" naming the field.

const idSchema = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  // "." and ".." would move the Graph URL a segment up once the path is resolved.
  .refine((id) => !/^\.+$/.test(id), { error: "is not an ID" });
const groupIdSchema = idSchema.refine(isGroupId, { error: "is not a group ID" });
const subjectSchema = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(128, { error: "must be at most 128 characters" });
const descriptionSchema = z.string().max(2048, { error: "must be at most 2048 characters" });
const pageSchema = z
  .object({
    limit: z
      .number()
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be between 1 and 1024" })
      .max(1024, { error: "must be between 1 and 1024" })
      .optional(),
    after: z.string().min(1, { error: "must not be empty" }).optional(),
    before: z.string().min(1, { error: "must not be empty" }).optional(),
  })
  .refine((page) => page.after === undefined || page.before === undefined, {
    error: "cannot be combined with after",
    path: ["before"],
  });
const createGroupSchema = z.object({
  subject: subjectSchema,
  description: descriptionSchema.optional(),
  joinApprovalMode: z.enum(["auto_approve", "approval_required"]).optional(),
});
const updateSettingsSchema = z
  .object({ subject: subjectSchema.optional(), description: descriptionSchema.optional() })
  .refine((input) => input.subject !== undefined || input.description !== undefined, {
    error: "needs subject or description",
  });
const joinRequestIdsSchema = z.array(idSchema).min(1, { error: "needs at least one id" });
const usersSchema = z.array(idSchema).min(1, { error: "needs at least one user" }).max(8, { error: "takes at most 8 users" });
const fieldsSchema = z.array(z.enum(GROUP_FIELDS as [GroupField, ...GroupField[]]));

function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function validateInput<T extends z.ZodType>(schema: T, value: unknown, root: string, method: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = formatPath(issue?.path ?? [], root) || "input";
  throw new GraphError({
    kind: "validation",
    message: `Invalid ${method} input: ${where} ${issue?.message ?? "is invalid"}`,
    method,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Response validation.

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeSchemaMismatch(error: z.ZodError, data: unknown): string {
  const issue = error.issues[0];
  if (!issue || issue.path.length === 0) return "Graph response has an unexpected shape";
  const where = formatPath(issue.path);
  if (valueAt(data, issue.path) === undefined) return `Graph response is missing ${where}`;
  return `Graph response has an invalid ${where}: ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------------------------

type Method = "GET" | "POST" | "DELETE";

interface RequestSpec {
  method: Method;
  segments: string[];
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  /** Sent as multipart/form-data instead of JSON (a profile picture). */
  form?: FormData;
  /** Undocumented answers (settings, participants): any 2xx counts, the body is not read as JSON. */
  ignoreBody?: boolean;
}

interface Outcome {
  status: number;
  json: unknown;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const RETRYABLE_KINDS: ReadonlySet<GraphErrorKind> = new Set(["network", "timeout", "upstream", "rate-limited"]);

function isRetryable(error: GraphError): boolean {
  if (!RETRYABLE_KINDS.has(error.kind)) return false;
  // An answer that arrived but could not be read (bad JSON, schema mismatch) will not get better by asking again.
  if (error.kind === "upstream") return error.status !== null && error.status >= 500;
  return true;
}

function toDetail(item: ErrorItem): GraphErrorDetail {
  return {
    code: item.code ?? null,
    message: item.message ?? null,
    title: item.title ?? null,
    details: item.error_data?.details ?? null,
  };
}

function toCursors(paging: { cursors?: PageCursors } | undefined): PageCursors {
  const cursors: PageCursors = {};
  if (paging?.cursors?.before) cursors.before = paging.cursors.before;
  if (paging?.cursors?.after) cursors.after = paging.cursors.after;
  return cursors;
}

/** Meta's 2026 people may carry a business-scoped user_id and username, with or without wa_id. */
function toParticipant(p: { wa_id?: string; user_id?: string; username?: string }): GroupParticipant {
  const out: GroupParticipant = {};
  if (p.wa_id) out.waId = p.wa_id;
  if (p.user_id) out.userId = p.user_id;
  if (p.username) out.username = p.username;
  return out;
}

function secondsToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

export function createGraphClient(config: GraphClientConfig): GraphClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const version = config.version.replace(/^\/+|\/+$/g, "");
  const token = config.accessToken;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readDeadlineMs = config.readDeadlineMs;
  const userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
  const maxReadRetries = Math.max(0, config.maxReadRetries ?? DEFAULT_MAX_READ_RETRIES);
  const retryBaseDelayMs = Math.max(0, config.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS);
  const maxRetryDelayMs = Math.max(0, config.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS);

  /** Removes the token from any text that may end up in an error (upstream messages can echo it). */
  const scrub = <T extends string | null | undefined>(text: T): T => {
    if (typeof text !== "string" || token.length === 0) return text;
    return text.split(token).join("[redacted]") as T;
  };

  const report = (info: GraphCallInfo) => {
    if (!config.onCall) return;
    try {
      config.onCall(info);
    } catch {
      // A failing observer must not change the outcome of a call.
    }
  };

  const errorFromEnvelope = (status: number, json: unknown, retryAfterSeconds: number | null, base: ErrorBase) => {
    const envelope = errorEnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      return new GraphError({
        ...base,
        kind: classifyGraphError(status, null, null),
        status,
        retryAfterSeconds,
        message: `Graph API answered HTTP ${status} without an error envelope`,
      });
    }
    const e = envelope.data.error;
    const code = e.code ?? null;
    const subcode = e.error_subcode ?? null;
    const details = scrub(e.error_data?.details ?? null);
    let text = scrub(e.message ?? "Graph API error");
    if (details && !text.includes(details)) text += `: ${details}`;
    return new GraphError({
      ...base,
      kind: classifyGraphError(status, code, subcode),
      status,
      code,
      subcode,
      type: scrub(e.type ?? null),
      fbtraceId: scrub(e.fbtrace_id ?? null),
      userTitle: scrub(e.error_user_title ?? null),
      userMessage: scrub(e.error_user_msg ?? null),
      details,
      retryAfterSeconds,
      message: `${text} (HTTP ${status}${code === null ? "" : `, code ${code}`}${subcode === null ? "" : `/${subcode}`})`,
    });
  };

  type ErrorBase = { method: Method; path: string; attempts: number };

  /** One HTTP exchange. Resolves with the parsed body of a 2xx; throws GraphError otherwise. */
  const attemptOnce = async (
    spec: RequestSpec,
    url: string,
    path: string,
    attempt: number,
    attemptTimeoutMs: number,
  ): Promise<Outcome> => {
    const base: ErrorBase = { method: spec.method, path, attempts: attempt };
    // A timer of our own, cleared as soon as the attempt ends. AbortSignal.timeout's lives on until it fires or its
    // signal is collected, and keeps the request that set it alive until then (lib/startup-context.ts).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), attemptTimeoutMs);
    const signal = timeout.signal;
    const started = performance.now();
    let status: number | null = null;
    let fbtraceId: string | null = null;
    const finish = () => {
      clearTimeout(timer);
      report({
        method: spec.method,
        path,
        status,
        durationMs: Math.round(performance.now() - started),
        attempt,
        fbtraceId,
      });
    };

    const transportError = (cause: unknown) => {
      const timedOut = signal.aborted;
      return new GraphError({
        ...base,
        kind: timedOut ? "timeout" : "network",
        status,
        message: timedOut
          ? `Graph API call ${spec.method} ${path} timed out after ${attemptTimeoutMs} ms`
          : `Graph API call ${spec.method} ${path} failed: ${scrub(cause instanceof Error ? cause.message : String(cause))}`,
        cause,
      });
    };

    const doFetch = config.fetch ?? globalThis.fetch;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: spec.method,
        headers: {
          Authorization: `Bearer ${token}`,
          // A form sets its own multipart type with the boundary; everything else is JSON (Meta's spec asks for the
          // header on GETs too).
          ...(spec.form ? {} : { "Content-Type": "application/json" }),
          "User-Agent": userAgent,
          Accept: "application/json",
        },
        body: spec.form ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
        signal,
        redirect: "error",
        cache: "no-store",
      });
      status = response.status;
      fbtraceId = scrub(response.headers.get("x-fb-trace-id"));
      text = await response.text();
    } catch (cause) {
      finish();
      throw transportError(cause);
    }
    try {
      return interpret(spec, response, text, base);
    } catch (error) {
      if (error instanceof GraphError && error.fbtraceId) fbtraceId = error.fbtraceId;
      throw error;
    } finally {
      finish();
    }
  };

  /** The outcome of an answered exchange: the parsed body of a 2xx, a GraphError otherwise. */
  const interpret = (spec: RequestSpec, response: Response, text: string, base: ErrorBase): Outcome => {
    const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
    const ok = response.status >= 200 && response.status < 300;

    if (ok && spec.ignoreBody) return { status: response.status, json: undefined };

    let json: unknown;
    const trimmed = text.trim();
    if (trimmed === "") {
      if (ok) {
        throw new GraphError({
          ...base,
          kind: "upstream",
          status: response.status,
          message: `Graph API answered HTTP ${response.status} with an empty body`,
        });
      }
      json = undefined;
    } else {
      try {
        json = JSON.parse(trimmed);
      } catch {
        if (ok) {
          throw new GraphError({
            ...base,
            kind: "upstream",
            status: response.status,
            message: `Graph API answered HTTP ${response.status} with a body that is not JSON`,
          });
        }
        json = undefined;
      }
    }

    if (!ok) throw errorFromEnvelope(response.status, json, retryAfterSeconds, base);
    return { status: response.status, json };
  };

  const backoffMs = (retry: number) => {
    const ceiling = Math.min(maxRetryDelayMs, retryBaseDelayMs * 2 ** (retry - 1));
    // "Equal jitter": at least half the step, so the wait is always measurable, spread over the other half.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  };

  const request = async (spec: RequestSpec): Promise<Outcome> => {
    const encoded = spec.segments.map((segment) => encodeURIComponent(segment)).join("/");
    const path = `/${version}/${encoded}`;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) search.set(key, value);
    }
    const query = search.toString();
    const url = `${baseUrl}${path}${query ? `?${query}` : ""}`;
    const maxAttempts = spec.method === "GET" ? 1 + maxReadRetries : 1;
    const deadline = spec.method === "GET" && readDeadlineMs !== undefined ? performance.now() + readDeadlineMs : null;

    for (let attempt = 1; ; attempt++) {
      const remaining = deadline === null ? timeoutMs : Math.max(1, Math.round(deadline - performance.now()));
      try {
        return await attemptOnce(spec, url, path, attempt, Math.min(timeoutMs, remaining));
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        let wait: number;
        if (error.retryAfterSeconds !== null) {
          wait = error.retryAfterSeconds * 1000;
          // Graph asks for a longer pause than we are willing to hold a request open: give up now.
          if (wait > maxRetryDelayMs) throw error;
        } else {
          wait = backoffMs(attempt);
        }
        // The read's total deadline: give up now rather than start an attempt that cannot finish in time.
        if (deadline !== null && performance.now() + wait + MIN_RETRY_BUDGET_MS > deadline) throw error;
        await sleep(wait);
      }
    }
  };

  const parseResponse = <T extends z.ZodType>(schema: T, outcome: Outcome, spec: RequestSpec): z.output<T> => {
    const parsed = schema.safeParse(outcome.json);
    if (parsed.success) return parsed.data;
    const encoded = spec.segments.map((segment) => encodeURIComponent(segment)).join("/");
    throw new GraphError({
      kind: "upstream",
      status: outcome.status,
      method: spec.method,
      path: `/${version}/${encoded}`,
      message: scrub(describeSchemaMismatch(parsed.error, outcome.json)),
    });
  };

  const call = async <T extends z.ZodType>(schema: T, spec: RequestSpec): Promise<z.output<T>> =>
    parseResponse(schema, await request(spec), spec);

  const pageQuery = (page: PageRequest | undefined, method: string) => {
    const valid = validateInput(pageSchema, page ?? {}, "page", method);
    return {
      limit: valid.limit === undefined ? undefined : String(valid.limit),
      after: valid.after,
      before: valid.before,
    };
  };

  return {
    async listGroups(phoneNumberId, page) {
      const id = validateInput(idSchema, phoneNumberId, "phoneNumberId", "listGroups");
      const query = pageQuery(page, "listGroups");
      const body = await call(groupListResponseSchema, { method: "GET", segments: [id, "groups"], query });
      return {
        groups: body.data.groups.map((group) => ({ id: group.id, subject: group.subject, createdAt: group.created_at })),
        cursors: toCursors(body.paging),
        hasNext: Boolean(body.paging?.next),
        hasPrevious: Boolean(body.paging?.previous),
      };
    },

    async createGroup(phoneNumberId, input) {
      const id = validateInput(idSchema, phoneNumberId, "phoneNumberId", "createGroup");
      const valid = validateInput(createGroupSchema, input, "", "createGroup");
      const body: Record<string, unknown> = { messaging_product: "whatsapp", subject: valid.subject };
      if (valid.description !== undefined) body.description = valid.description;
      if (valid.joinApprovalMode !== undefined) body.join_approval_mode = valid.joinApprovalMode;
      const answer = await call(createGroupResponseSchema, { method: "POST", segments: [id, "groups"], body });
      return { requestId: answer.request_id };
    },

    async getGroup(groupId, fields) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "getGroup");
      const wanted = validateInput(fieldsSchema, fields ?? [...GROUP_FIELDS], "fields", "getGroup");
      const query = wanted.length > 0 ? { fields: [...new Set(wanted)].map((f) => FIELD_TO_WIRE[f]).join(",") } : {};
      const body = await call(groupInfoResponseSchema, { method: "GET", segments: [id], query });
      const info: GroupInfo = { id: body.id };
      if (body.subject !== undefined) info.subject = body.subject;
      if (body.description !== undefined) info.description = body.description;
      if (body.participants !== undefined) info.participants = body.participants.map(toParticipant);
      if (body.join_approval_mode !== undefined) info.joinApprovalMode = body.join_approval_mode;
      if (body.suspended !== undefined) info.suspended = body.suspended;
      if (body.creation_timestamp !== undefined) info.createdAt = secondsToIso(body.creation_timestamp);
      if (body.total_participant_count !== undefined) info.totalParticipantCount = body.total_participant_count;
      return info;
    },

    async getInviteLink(groupId) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "getInviteLink");
      const body = await call(inviteLinkResponseSchema, { method: "GET", segments: [id, "invite_link"] });
      return body.invite_link;
    },

    async resetInviteLink(groupId) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "resetInviteLink");
      const body = await call(inviteLinkResponseSchema, {
        method: "POST",
        segments: [id, "invite_link"],
        body: { messaging_product: "whatsapp" },
      });
      return body.invite_link;
    },

    async listJoinRequests(groupId, page) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "listJoinRequests");
      const query = pageQuery(page, "listJoinRequests");
      const body = await call(joinRequestListResponseSchema, { method: "GET", segments: [id, "join_requests"], query });
      return {
        joinRequests: body.data.map((r) => ({
          id: r.join_request_id,
          waId: r.wa_id,
          createdAt: secondsToIso(r.creation_timestamp),
        })),
        cursors: toCursors(body.paging),
        hasNext: Boolean(body.paging?.next),
        hasPrevious: Boolean(body.paging?.previous),
      };
    },

    async approveJoinRequests(groupId, ids) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "approveJoinRequests");
      const joinRequests = validateInput(joinRequestIdsSchema, ids, "ids", "approveJoinRequests");
      const body = await call(approveJoinRequestsResponseSchema, {
        method: "POST",
        segments: [id, "join_requests"],
        body: { messaging_product: "whatsapp", join_requests: joinRequests },
      });
      return {
        succeeded: body.approved_join_requests ?? [],
        failed: (body.failed_join_requests ?? []).map((f) => ({
          joinRequestId: f.join_request_id,
          errors: (f.errors ?? []).map(toDetail),
        })),
        errors: (body.errors ?? []).map(toDetail),
      };
    },

    async rejectJoinRequests(groupId, ids) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "rejectJoinRequests");
      const joinRequests = validateInput(joinRequestIdsSchema, ids, "ids", "rejectJoinRequests");
      const body = await call(rejectJoinRequestsResponseSchema, {
        method: "DELETE",
        segments: [id, "join_requests"],
        body: { messaging_product: "whatsapp", join_requests: joinRequests },
      });
      return {
        succeeded: body.rejected_join_requests ?? [],
        failed: (body.failed_join_requests ?? []).map((f) => ({
          joinRequestId: f.join_request_id,
          errors: (f.errors ?? []).map(toDetail),
        })),
        errors: (body.errors ?? []).map(toDetail),
      };
    },

    async removeParticipants(groupId, users) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "removeParticipants");
      const valid = validateInput(usersSchema, users, "users", "removeParticipants");
      await request({
        method: "DELETE",
        segments: [id, "participants"],
        body: { messaging_product: "whatsapp", participants: valid.map((user) => ({ user })) },
        ignoreBody: true,
      });
    },

    async updateSettings(groupId, input) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "updateSettings");
      const valid = validateInput(updateSettingsSchema, input, "", "updateSettings");
      const body: Record<string, unknown> = { messaging_product: "whatsapp" };
      if (valid.subject !== undefined) body.subject = valid.subject;
      if (valid.description !== undefined) body.description = valid.description;
      await request({ method: "POST", segments: [id], body, ignoreBody: true });
    },

    async updatePicture(groupId, jpeg) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "updatePicture");
      if (jpeg.byteLength === 0) {
        throw new GraphError({
          kind: "validation",
          method: "updatePicture",
          message: "Invalid updatePicture input: file is empty",
        });
      }
      const form = new FormData();
      form.set("messaging_product", "whatsapp");
      form.set("file", new Blob([jpeg], { type: "image/jpeg" }), "profile.jpg");
      await request({ method: "POST", segments: [id], form, ignoreBody: true });
    },

    async deleteGroup(groupId) {
      const id = validateInput(groupIdSchema, groupId, "groupId", "deleteGroup");
      const spec: RequestSpec = { method: "DELETE", segments: [id] };
      const body = await call(deleteGroupResponseSchema, spec);
      if (body.success === false || body.success === "false") {
        throw new GraphError({
          kind: "upstream",
          status: 200,
          method: "DELETE",
          path: `/${version}/${encodeURIComponent(id)}`,
          message: "Graph API answered the group deletion with success: false",
        });
      }
    },
  };
}
