import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type ConfigInput, ControlClient, type ResetInput } from "@/emulator/control-client";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@/emulator/server";

export const TOKEN = "test-token";
export const PHONE = "106540352242922";
export const PHONE2 = "106540352242923";
export const APP_SECRET = "test-app-secret";

export interface Api {
  get(path: string, init?: { token?: string | null }): Promise<Response>;
  post(path: string, body?: unknown, init?: { token?: string | null }): Promise<Response>;
  del(path: string, body?: unknown, init?: { token?: string | null }): Promise<Response>;
  /** A Graph call with any body and headers (bearer token added unless given as null). */
  send(
    method: string,
    path: string,
    init?: { body?: BodyInit; headers?: Record<string, string>; token?: string | null },
  ): Promise<Response>;
  /** A control call answered as-is (for tests of the control API's own answers); goes through ControlClient.raw. */
  control(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Response>;
  /** The typed control client (throws on a non-2xx answer). */
  ctl: ControlClient;
}

/** Small fetch wrapper: Graph calls get the bearer token and JSON content type, as the spec asks. */
export function api(baseUrl: string, version = "v23.0"): Api {
  const ctl = new ControlClient(baseUrl);
  const call = async (method: string, path: string, body: unknown, token: string | null | undefined) => {
    const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": USER_AGENT };
    const t = token === undefined ? TOKEN : token;
    if (t !== null) headers.Authorization = `Bearer ${t}`;
    return fetch(`${baseUrl}/${version}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  };
  return {
    get: (path, init) => call("GET", path, undefined, init?.token),
    post: (path, body, init) => call("POST", path, body, init?.token),
    del: (path, body, init) => call("DELETE", path, body, init?.token),
    send: (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      const t = init.token === undefined ? TOKEN : init.token;
      if (t !== null) headers.Authorization = `Bearer ${t}`;
      return fetch(`${baseUrl}/${version}${path}`, { method, headers, body: init.body });
    },
    control: async (method, path, body) => {
      const answer = await ctl.raw(method, path, body);
      return new Response(answer.text, { status: answer.status, headers: { "Content-Type": "application/json" } });
    },
    ctl,
  };
}

/** A User-Agent matching Meta's pattern, sent on every Graph call these helpers make. */
export const USER_AGENT = "whatsapp-groups-dashboard/0.2.0";

export interface ErrorEnvelope {
  error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
}

export async function expectEnvelope(res: Response, status: number, code: number): Promise<ErrorEnvelope["error"]> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${text}`);
  const body = JSON.parse(text) as ErrorEnvelope;
  if (body.error.code !== code) throw new Error(`expected code ${code}, got ${body.error.code}: ${text}`);
  if (typeof body.error.fbtrace_id !== "string" || body.error.fbtrace_id.length < 8) {
    throw new Error(`missing fbtrace_id: ${text}`);
  }
  if (typeof body.error.type !== "string" || typeof body.error.message !== "string") {
    throw new Error(`bad envelope: ${text}`);
  }
  return body.error;
}

export interface ReceivedWebhook {
  raw: string;
  headers: IncomingHttpHeaders;
  body: WebhookBody;
  signatureValid: boolean;
}

interface WebhookBody {
  object: string;
  entry: {
    id: string;
    changes: {
      field: string;
      value: {
        messaging_product: string;
        metadata: { display_phone_number: string; phone_number_id: string };
        groups: Record<string, unknown>[];
      };
    }[];
  }[];
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** status the receiver answers with (default 200) */
  status: number;
  waitFor(predicate: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/** A local webhook endpoint that checks X-Hub-Signature-256 over the raw bytes. */
async function startWebhookReceiver(appSecret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBuf = Buffer.concat(chunks);
      const expected = Buffer.from("sha256=" + createHmac("sha256", appSecret).update(rawBuf).digest("hex"));
      const header = Buffer.from(String(req.headers["x-hub-signature-256"] ?? ""));
      const signatureValid = header.length === expected.length && timingSafeEqual(header, expected);
      const raw = rawBuf.toString("utf8");
      received.push({ raw, headers: req.headers, body: JSON.parse(raw) as WebhookBody, signatureValid });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    get status() {
      return state.status;
    },
    set status(s: number) {
      state.status = s;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error("webhook not received in time");
        await sleep(20);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface EmulatorSuiteOptions {
  /** seedGroups at start */
  seed?: number;
  /** createDelayMs at start; the emulator's own default (1500) when left out */
  createDelayMs?: number;
  /** Start a signature-checking receiver and point the emulator at it, at start and in every per-test `config`. */
  webhooks?: boolean;
  /** Any other start options. */
  start?: Partial<EmulatorOptions>;
  /** Runtime config set before each test, after the reset. */
  config?: ConfigInput;
  /**
   * Before each test: reset the emulator (with these reset options when given) and empty the receiver. With false
   * neither is reset, so groups, pending work and received webhooks carry over from test to test.
   */
  reset?: boolean | ResetInput;
}

export interface EmulatorSuite {
  emu: RunningEmulator;
  /** The Graph and control helpers, on the running emulator. */
  g: Api;
}

/**
 * One emulator (and webhook receiver) for the file or describe block this is called in: registers the beforeAll,
 * afterAll and beforeEach hooks itself. What it returns can be named at module level but used only inside hooks and
 * tests, since nothing is running before beforeAll.
 */
export function emulatorSuite(options: EmulatorSuiteOptions & { webhooks: true }): EmulatorSuite & { hook: WebhookReceiver };
export function emulatorSuite(options?: EmulatorSuiteOptions): EmulatorSuite;
export function emulatorSuite(options: EmulatorSuiteOptions = {}): EmulatorSuite & { hook: WebhookReceiver | undefined } {
  const { seed, createDelayMs, webhooks = false, start = {}, config, reset = true } = options;
  let emu: RunningEmulator | undefined;
  let g: Api | undefined;
  let hook: WebhookReceiver | undefined;
  const pointAtHook = () => (hook ? { webhookUrl: hook.url, appSecret: APP_SECRET } : {});

  beforeAll(async () => {
    if (webhooks) hook = await startWebhookReceiver(APP_SECRET);
    emu = await startEmulator({
      port: 0,
      accessToken: TOKEN,
      ...(seed === undefined ? {} : { seedGroups: seed }),
      ...(createDelayMs === undefined ? {} : { createDelayMs }),
      ...pointAtHook(),
      ...start,
    });
    g = api(emu.url);
  });
  afterAll(async () => {
    await emu?.close();
    await hook?.close();
  });
  if (reset !== false || config) {
    beforeEach(async () => {
      const ctl = ready("g", g).ctl;
      if (reset !== false) await ctl.reset(reset === true ? {} : reset);
      if (config) await ctl.config({ ...pointAtHook(), ...config });
      if (reset !== false && hook) {
        hook.received.length = 0;
        hook.status = 200;
      }
    });
  }

  return {
    emu: standIn("emu", () => emu),
    g: standIn("g", () => g),
    hook: webhooks ? standIn("hook", () => hook) : undefined,
  };
}

function ready<T>(name: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`emulatorSuite: ${name} is used before beforeAll has run`);
  return value;
}

/** Reads and writes go to the value `current` gives at that moment, so a file can destructure it before it exists. */
function standIn<T extends object>(name: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = ready(name, current());
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_, key, value) {
      return Reflect.set(ready(name, current()), key, value);
    },
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function update(w: ReceivedWebhook): Record<string, unknown> {
  const u = w.body.entry[0]?.changes[0]?.value.groups[0];
  if (!u) throw new Error("webhook without an update");
  return u;
}

export function field(w: ReceivedWebhook): string | undefined {
  return w.body.entry[0]?.changes[0]?.field;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

/**
 * Waits until the emulator has nothing left to send: no pending create or update and no webhook in flight (each
 * delivery sent so far has been answered or given up). Asserting that a webhook did NOT come is only meaningful
 * after this, never after a sleep.
 */
export async function quiet(ctl: {
  state(): Promise<{ pendingCreates: number; pendingUpdates: number; webhooksInFlight: number }>;
}) {
  await waitUntil(async () => {
    const s = await ctl.state();
    return s.pendingCreates === 0 && s.pendingUpdates === 0 && s.webhooksInFlight === 0;
  });
}

export interface GroupsPage {
  data: { groups: { id: string; subject: string; created_at: string }[] };
  paging: { cursors: { before?: string; after?: string }; next?: string; previous?: string };
}

export interface FormPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body built by hand (CRLF line ends), for exact control over what the parser sees. */
export function multipartBody(
  parts: FormPart[],
  boundary = "----EmulatorTestBoundary7MA4YWxkTrZu0gW",
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += "\r\n";
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(
      Buffer.from(`${head}\r\n`),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A FormData with messaging_product and a JPEG `file`, as a browser or the dashboard would send it (fetch sets the boundary). */
export function pictureForm(bytes: Buffer, filename = "picture.jpg"): FormData {
  const form = new FormData();
  form.append("messaging_product", "whatsapp");
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), filename);
  return form;
}
