import { GraphError, invalidParam } from "./errors";

export type Body = Record<string, unknown>;

export function missingParam(field: string): GraphError {
  const details = `The parameter ${field} is required`;
  return new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
}

/** Parses a request body: JSON object, form-encoded, or empty. Throws a 400 code 100 GraphError otherwise. */
export function parseBody(raw: Buffer, contentType: string | null): Body {
  const text = raw.toString("utf8");
  if (text.trim().length === 0) return {};
  const type = (contentType ?? "").toLowerCase();
  const looksJson = /^\s*[[{]/.test(text);
  if (!looksJson && type.startsWith("application/x-www-form-urlencoded")) {
    const out: Body = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = maybeJson(v);
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : "parse error";
    const details = `Invalid JSON in request body: ${why}`;
    throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const details = "The request body must be a JSON object";
    throw new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
  }
  return value as Body;
}

function maybeJson(v: string): unknown {
  const t = v.trim();
  if (t.startsWith("[") || t.startsWith("{")) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}

export function requireMessagingProduct(body: Body): void {
  const v = body.messaging_product;
  if (v === undefined || v === null) throw missingParam("messaging_product");
  if (v !== "whatsapp") throw invalidParam("messaging_product", `must be one of {whatsapp} - got ${JSON.stringify(v)}`);
}

/** A string field: trimmed when asked, length-checked. Undefined when absent (and not required). */
export function stringField(
  body: Body,
  field: string,
  opts: { required?: boolean; trim?: boolean; min?: number; max: number },
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (opts.required) throw missingParam(field);
    return undefined;
  }
  if (typeof v !== "string") throw invalidParam(field, "must be a string");
  const s = opts.trim ? v.trim() : v;
  const length = [...s].length;
  const min = opts.min ?? 0;
  if (length < min) {
    if (opts.required && length === 0) throw missingParam(field);
    throw invalidParam(field, `must be at least ${min} characters long`);
  }
  if (length > opts.max) throw invalidParam(field, `must be at most ${opts.max} characters long`);
  return s;
}

export function enumField<T extends string>(body: Body, field: string, values: readonly T[], fallback: T): T {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw invalidParam(field, `must be one of {${values.join(", ")}} - got ${JSON.stringify(v)}`);
  }
  return v as T;
}

export function parseLimit(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null) return 25;
  if (!/^\d{1,7}$/.test(raw.trim()))
    throw invalidParam("limit", `must be an integer between 1 and 1024 - got ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (n < 1 || n > 1024) throw invalidParam("limit", `must be an integer between 1 and 1024 - got ${n}`);
  return n;
}

export function parseCursors(query: URLSearchParams): { after?: string; before?: string } {
  const after = query.get("after") ?? undefined;
  const before = query.get("before") ?? undefined;
  if (after !== undefined && before !== undefined) throw invalidParam("after", "cannot be combined with before");
  return { after, before };
}
