import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CallRecord, EmulatorContext } from "./context";
import { routeControl } from "./control";
import { badUserAgent, bodyTooLarge, fbtraceId, GraphError, internalError, invalidToken, unknownPath } from "./errors";
import { toAsyncFailure } from "./faults";
import { epochMs } from "./ids";
import { MAX_BODY_BYTES, readBody, sendJson, sendRaw } from "./http";
import type { IdentityShape } from "./identity";
import { isMultipartFormData, multipartBoundary, parseMultipart } from "./multipart";
import { MAX_PICTURE_BYTES, routeGraph } from "./routes";

export interface EmulatorOptions {
  /** 0 = any free port (tests). Default 4000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The one bearer token accepted. Default "emulator-token". */
  accessToken?: string;
  /** Default ["106540352242922", "106540352242923"]. */
  phoneNumberIds?: string[];
  /** Groups seeded on each number at start (0..10000). Default 0. */
  seedGroups?: number;
  /** How long a create stays pending before the group exists. Default 1500. */
  createDelayMs?: number;
  /** Where webhooks go; null/undefined = none sent. */
  webhookUrl?: string | null;
  /** HMAC key for X-Hub-Signature-256. Default "emulator-app-secret". */
  appSecret?: string;
  /** How long settings updates, participant removals and deletes stay pending before they apply. Default 0. */
  webhookDelayMs?: number;
  /** How people appear in group webhooks: "wa_id" (default), "both" or "user_id". */
  identityShape?: IdentityShape;
  /** Refuse Graph calls whose User-Agent is missing or does not match Meta's pattern. Default false. */
  strictUserAgent?: boolean;
  /** Paging cursor lifetime. Default one hour. */
  cursorTtlMs?: number;
  /** Clock (ms since epoch) for timestamps and cursor expiry. Default Date.now. */
  now?: () => number;
  /** Webhook request timeout. Default 5000. */
  webhookTimeoutMs?: number;
  /** Pause before the single webhook retry. Default 1000. */
  webhookRetryDelayMs?: number;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4000 (no trailing slash) */
  url: string;
  port: number;
  /** Total groups right now (all numbers). */
  groupCount(): number;
  close(): Promise<void>;
}

const DEFAULT_PHONE_NUMBER_IDS = ["106540352242922", "106540352242923"];
const VERSION_RE = /^\/(v\d+\.\d+)(?=\/|$)/;
/** Meta's User-Agent pattern (the OpenAPI description's UserAgent parameter). */
export const USER_AGENT_RE = /^[a-zA-Z0-9\-_]+\/[0-9]+\.[0-9]+\.[0-9]+(;[a-zA-Z0-9\-=.]+)?(\s+[a-zA-Z0-9\-_]+\/[0-9\-.]+)?$/;
/** A picture upload may carry a 5 MB file plus this much multipart envelope (boundaries, headers, text fields). */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const MAX_PICTURE_BODY_BYTES = MAX_PICTURE_BYTES + MULTIPART_OVERHEAD_BYTES;
/** POST /vNN.N/{one segment} with multipart/form-data: a profile picture upload, the one call allowed over 1 MB. */
const PICTURE_PATH_RE = /^\/v\d+\.\d+\/[^/]+\/?$/;

/** "/a/b/" → ["a","b"]; null for an empty inner segment ("/a//b") or bad percent-encoding. */
function splitSegments(path: string): string[] | null {
  const parts = path.split("/").slice(1);
  if (parts[parts.length - 1] === "") parts.pop();
  if (parts.some((p) => p.length === 0)) return null;
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
}

function loggedBody(raw: Buffer, contentType: string | null): unknown {
  if (raw.length === 0) return null;
  if (isMultipartFormData(contentType)) {
    // Binary parts are summarised, never logged: {field: "text"} and {file: {filename, contentType, bytes}}.
    const boundary = multipartBoundary(contentType);
    const parsed = boundary === null ? null : parseMultipart(raw, boundary);
    if (parsed?.ok) {
      const out: Record<string, unknown> = {};
      for (const part of parsed.parts) {
        if (part.filename === undefined && part.name !== "file") out[part.name] = part.data.toString("utf8").slice(0, 10_000);
        else out[part.name] = { filename: part.filename ?? null, contentType: part.contentType ?? null, bytes: part.data.length };
      }
      return out;
    }
    return `<multipart/form-data body of ${raw.length} bytes that does not parse>`;
  }
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text;
  }
}

const TRACE_HEADER = "x-fb-trace-id";

function sendError(res: ServerResponse, error: GraphError): void {
  const trace = res.getHeader(TRACE_HEADER);
  sendJson(res, error.status, error.toEnvelope(typeof trace === "string" ? trace : undefined), error.headers);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const ctx = new EmulatorContext({
    accessToken: options.accessToken ?? "emulator-token",
    phoneNumberIds: options.phoneNumberIds ?? DEFAULT_PHONE_NUMBER_IDS,
    seedGroups: options.seedGroups ?? 0,
    config: {
      createDelayMs: options.createDelayMs ?? 1500,
      webhookDelayMs: options.webhookDelayMs ?? 0,
      webhookUrl: options.webhookUrl ?? null,
      appSecret: options.appSecret ?? "emulator-app-secret",
      identityShape: options.identityShape ?? "wa_id",
      strictUserAgent: options.strictUserAgent ?? false,
    },
    now: options.now ?? Date.now,
    cursorTtlMs: options.cursorTtlMs ?? 60 * 60 * 1000,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5000,
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 1000,
  });
  const sleepers = new Set<() => void>();
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1));
    const contentType = req.headers["content-type"] ?? null;
    const userAgent = req.headers["user-agent"] ?? null;

    const pictureUpload = method === "POST" && isMultipartFormData(contentType) && PICTURE_PATH_RE.test(path);
    const limit = pictureUpload ? MAX_PICTURE_BODY_BYTES : MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body.kind === "aborted") return;
    if (body.kind === "tooLarge" && body.closeConnection) res.setHeader("Connection", "close");
    const tooLarge = bodyTooLarge(
      body.kind === "tooLarge" ? body.bytes : 0,
      pictureUpload ? `5 MB for the picture plus ${MULTIPART_OVERHEAD_BYTES / 1024} KB of multipart overhead` : "1 MB",
    );

    if (path === "/__emulator" || path.startsWith("/__emulator/")) {
      if (body.kind === "tooLarge") return sendError(res, tooLarge);
      const segments = splitSegments(path.slice("/__emulator".length));
      if (!segments) return sendError(res, unknownPath(method, path));
      const answer = routeControl(ctx, method, segments, body.raw, contentType);
      return sendJson(res, answer.status, answer.body);
    }

    // Every Graph answer names its trace, as Meta's do; an error envelope repeats it as fbtrace_id.
    res.setHeader(TRACE_HEADER, fbtraceId());
    const raw = body.kind === "ok" ? body.raw : Buffer.alloc(0);
    const call: CallRecord = {
      method,
      path,
      query: Object.fromEntries(query),
      body: body.kind === "ok" ? loggedBody(raw, contentType) : null,
      authorization: req.headers.authorization ?? null,
      contentType,
      userAgent,
      at: new Date().toISOString(),
      receivedAtMs: epochMs(),
      answeredAtMs: null,
    };
    ctx.recordCall(call);
    res.once("finish", () => {
      call.answeredAtMs = epochMs();
    });

    const version = VERSION_RE.exec(path);
    const unversioned = version ? path.slice(version[0].length) || "/" : path;

    const fault = ctx.faults.take(method, unversioned, query);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (closing) return;
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.error) {
      const e = fault.error;
      const headers: Record<string, string> = {};
      if (e.retryAfter !== undefined) headers["Retry-After"] = String(e.retryAfter);
      return sendError(
        res,
        new GraphError({
          status: e.status,
          code: e.code,
          subcode: e.subcode,
          type: e.type,
          message: e.message ?? `(#${e.code}) Simulated error`,
          headers,
        }),
      );
    }
    if (fault?.body === "malformed")
      return sendRaw(res, 200, '{"messaging_product":"whatsapp","data":[{"id":', "application/json");
    if (fault?.body === "empty") return sendRaw(res, 200, "", "application/json");

    if (body.kind === "tooLarge") return sendError(res, tooLarge);
    const auth = req.headers.authorization ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!match || match[1] !== ctx.accessToken) return sendError(res, invalidToken());
    if (ctx.config.strictUserAgent && (userAgent === null || !USER_AGENT_RE.test(userAgent))) {
      return sendError(res, badUserAgent(userAgent));
    }
    if (!version) return sendError(res, unknownPath(method, path));
    const segments = splitSegments(unversioned);
    if (!segments) return sendError(res, unknownPath(method, path));

    const host = req.headers.host ?? `${options.host ?? "127.0.0.1"}:${port}`;
    const answer = routeGraph(ctx, {
      method,
      version: `/${version[1] ?? "v23.0"}`,
      segments,
      query,
      raw,
      contentType,
      origin: `http://${host}`,
      createFailure: fault?.createFailure ? toAsyncFailure(fault.createFailure, "create") : undefined,
      settingsFailure: fault?.settingsFailure ? toAsyncFailure(fault.settingsFailure, "settings") : undefined,
      deleteFailure: fault?.deleteFailure ? toAsyncFailure(fault.deleteFailure, "delete") : undefined,
    });
    sendJson(res, answer.status, answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof GraphError) return sendError(res, error);
      console.error("[emulator] unexpected error:", error);
      sendError(res, internalError());
    });
  });
  // Node closes an idle keep-alive connection after 5 s, and a client that does not read the Keep-Alive hint
  // (Playwright's request context, Node's http.Agent) may send its next call on it just as it closes: a
  // "socket hang up" that no test caused. Idle connections stay a minute, longer than any pause within one test.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  let port = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4000, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = (options.host ?? "127.0.0.1").includes(":") ? `[${options.host}]` : (options.host ?? "127.0.0.1");

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    groupCount: () => ctx.state.totalGroups(),
    close: async () => {
      if (closing) return;
      closing = true;
      ctx.close();
      for (const wake of [...sleepers]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
