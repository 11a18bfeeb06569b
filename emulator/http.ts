import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this we stop draining and close the connection after answering. */
const HARD_CAP_BYTES = 64 * 1024 * 1024;

export type BodyResult =
  { kind: "ok"; raw: Buffer } | { kind: "tooLarge"; bytes: number; closeConnection: boolean } | { kind: "aborted" };

/** Reads the request body, keeping at most `limit` bytes; larger bodies are drained and reported, never buffered. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > HARD_CAP_BYTES) {
      req.resume();
      finish({ kind: "tooLarge", bytes: declared, closeConnection: true });
      return;
    }
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (bytes > HARD_CAP_BYTES) finish({ kind: "tooLarge", bytes, closeConnection: true });
    });
    req.on("end", () => {
      if (bytes > limit) finish({ kind: "tooLarge", bytes, closeConnection: false });
      else finish({ kind: "ok", raw: Buffer.concat(chunks) });
    });
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("close", () => {
      if (!req.complete) finish({ kind: "aborted" });
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=UTF-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendRaw(res: ServerResponse, status: number, text: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(text)) });
  res.end(text);
}
