import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorContext } from "./context";
import { routeControl } from "./control";
import { GraphError, internalError, invalidToken, unknownPath } from "./errors";
import { toCreateFailure } from "./faults";
import { readBody, sendJson, sendRaw } from "./http";
import { routeGraph } from "./routes";

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

export const DEFAULT_PHONE_NUMBER_IDS = ["106540352242922", "106540352242923"];
const VERSION_RE = /^\/(v\d+\.\d+)(?=\/|$)/;

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

function loggedBody(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text;
  }
}

function sendError(res: ServerResponse, error: GraphError): void {
  sendJson(res, error.status, error.toEnvelope(), error.headers);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const ctx = new EmulatorContext({
    accessToken: options.accessToken ?? "emulator-token",
    phoneNumberIds: options.phoneNumberIds ?? DEFAULT_PHONE_NUMBER_IDS,
    seedGroups: options.seedGroups ?? 0,
    config: {
      createDelayMs: options.createDelayMs ?? 1500,
      webhookUrl: options.webhookUrl ?? null,
      appSecret: options.appSecret ?? "emulator-app-secret",
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

    const body = await readBody(req);
    if (body.kind === "aborted") return;
    if (body.kind === "tooLarge" && body.closeConnection) res.setHeader("Connection", "close");
    const tooLarge = new GraphError({
      status: 413,
      code: 100,
      message: "(#100) Request body too large: the limit is 1 MB",
      details: `Received ${body.kind === "tooLarge" ? body.bytes : 0} bytes`,
    });

    if (path === "/__emulator" || path.startsWith("/__emulator/")) {
      if (body.kind === "tooLarge") return sendError(res, tooLarge);
      const segments = splitSegments(path.slice("/__emulator".length));
      if (!segments) return sendError(res, unknownPath(method, path));
      const answer = routeControl(ctx, method, segments, body.raw, contentType);
      return sendJson(res, answer.status, answer.body);
    }

    const raw = body.kind === "ok" ? body.raw : Buffer.alloc(0);
    ctx.recordCall({
      method,
      path,
      query: Object.fromEntries(query),
      body: body.kind === "ok" ? loggedBody(raw) : null,
      authorization: req.headers.authorization ?? null,
      contentType,
      at: new Date().toISOString(),
    });

    const version = VERSION_RE.exec(path);
    const unversioned = version ? path.slice(version[0].length) || "/" : path;

    const fault = ctx.faults.take(method, unversioned);
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
      createFailure: fault?.createFailure ? toCreateFailure(fault.createFailure) : undefined,
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
