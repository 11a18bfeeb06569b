import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A keyset position: the sort key of one item in a list ordered by (t desc, id desc). */
export interface CursorKey {
  t: number;
  id: string;
}

interface CursorPayload extends CursorKey {
  /** scope: which list the cursor belongs to, e.g. `groups:<phone>` */
  s: string;
  /** expiry, ms since epoch */
  e: number;
}

export interface CursorCodecOptions {
  secret?: Buffer;
  ttlMs?: number;
  now?: () => number;
}

const SIG_BYTES = 16;

/**
 * Opaque, HMAC-signed, expiring cursors. The cursor is base64url(signature || JSON payload); the payload carries
 * the list scope, the position key and an expiry. Keys are positions, not indexes, so cursors stay valid while
 * items are added or removed.
 */
export class CursorCodec {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: CursorCodecOptions = {}) {
    this.secret = options.secret ?? randomBytes(32);
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  encode(scope: string, key: CursorKey): string {
    const payload: CursorPayload = { s: scope, t: key.t, id: key.id, e: this.now() + this.ttlMs };
    const json = Buffer.from(JSON.stringify(payload), "utf8");
    return Buffer.concat([this.sign(json), json]).toString("base64url");
  }

  /** Returns the key, or null when the cursor is malformed, forged, for another list, or expired. */
  decode(scope: string, cursor: string): CursorKey | null {
    if (cursor.length === 0 || cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
    const raw = Buffer.from(cursor, "base64url");
    if (raw.length <= SIG_BYTES) return null;
    const sig = raw.subarray(0, SIG_BYTES);
    const json = raw.subarray(SIG_BYTES);
    if (!timingSafeEqual(sig, this.sign(json))) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(json.toString("utf8"));
    } catch {
      return null;
    }
    if (!isPayload(payload)) return null;
    if (payload.s !== scope || payload.e < this.now()) return null;
    return { t: payload.t, id: payload.id };
  }

  private sign(data: Buffer): Buffer {
    return createHmac("sha256", this.secret).update(data).digest().subarray(0, SIG_BYTES);
  }
}

function isPayload(value: unknown): value is CursorPayload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.s === "string" && typeof v.t === "number" && typeof v.id === "string" && typeof v.e === "number";
}

/** Order: t desc, then id desc. Negative when a comes first. */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.t !== b.t) return b.t - a.t;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Index of the first item that sorts strictly after `key` (items sorted by compareKeys). */
function firstIndexAfter<T>(items: readonly T[], keyOf: (item: T) => CursorKey, key: CursorKey): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keyOf(items[mid] as T), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first item that sorts at or after `key`. */
export function firstIndexAtOrAfter<T>(items: readonly T[], keyOf: (item: T) => CursorKey, key: CursorKey): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keyOf(items[mid] as T), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PageRequest {
  limit: number;
  after?: string;
  before?: string;
}

export interface Page<T> {
  items: T[];
  before?: string;
  after?: string;
  hasNext: boolean;
  hasPrevious: boolean;
}

/**
 * Keyset pagination over a sorted array. `after` = items strictly after the cursor's key; `before` = the `limit`
 * items strictly before it. Returns null when a cursor does not decode (caller answers 131059).
 */
export function paginate<T>(
  codec: CursorCodec,
  scope: string,
  items: readonly T[],
  keyOf: (item: T) => CursorKey,
  req: PageRequest,
): Page<T> | null {
  let start: number;
  let end: number;
  if (req.after !== undefined) {
    const key = codec.decode(scope, req.after);
    if (!key) return null;
    start = firstIndexAfter(items, keyOf, key);
    end = Math.min(items.length, start + req.limit);
  } else if (req.before !== undefined) {
    const key = codec.decode(scope, req.before);
    if (!key) return null;
    end = firstIndexAtOrAfter(items, keyOf, key);
    start = Math.max(0, end - req.limit);
  } else {
    start = 0;
    end = Math.min(items.length, req.limit);
  }
  const slice = items.slice(start, end);
  const first = slice[0];
  const last = slice[slice.length - 1];
  return {
    items: slice,
    before: first === undefined ? undefined : codec.encode(scope, keyOf(first)),
    after: last === undefined ? undefined : codec.encode(scope, keyOf(last)),
    hasNext: slice.length > 0 && end < items.length,
    hasPrevious: slice.length > 0 && start > 0,
  };
}
