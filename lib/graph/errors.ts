import "server-only";

/**
 * One error type for everything that can go wrong when talking to the Graph API.
 * `kind` is the stable, coarse classification the app branches on; the rest is detail for logs.
 * Every string field is safe to log: the access token is scrubbed before an error is built.
 */
export type GraphErrorKind =
  | "auth"
  | "permission"
  | "rate-limited"
  | "invalid-cursor"
  | "validation"
  | "not-eligible"
  | "limit-reached"
  | "not-found"
  | "suspended"
  /** 131212: the person is not in the group */
  | "not-participant"
  /** 131202: the person is already in the group */
  | "already-participant"
  /** 131204: the group would have more than 8 participants */
  | "participant-limit"
  /** 131213: the join request no longer exists (withdrawn, or answered already) */
  | "join-request-gone"
  /** 131209 / 131210: the picture is not square / smaller than 192 px */
  | "picture-rejected"
  /** 131020: the group needs more than one member for this */
  | "needs-members"
  | "upstream"
  | "network"
  | "timeout";

export interface GraphErrorInit {
  kind: GraphErrorKind;
  message: string;
  /** HTTP status of the answer; null when no answer arrived or the error was raised before sending. */
  status?: number | null;
  code?: number | null;
  subcode?: number | null;
  type?: string | null;
  fbtraceId?: string | null;
  userTitle?: string | null;
  userMessage?: string | null;
  /** `error_data.details` from Meta's envelope. */
  details?: string | null;
  retryAfterSeconds?: number | null;
  /** HTTP method and path (version included, no host, no query) of the call that failed. */
  method?: string | null;
  path?: string | null;
  /** How many attempts were made (reads may be retried). */
  attempts?: number;
  cause?: unknown;
}

export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly kind: GraphErrorKind;
  readonly status: number | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly type: string | null;
  readonly fbtraceId: string | null;
  readonly userTitle: string | null;
  readonly userMessage: string | null;
  readonly details: string | null;
  readonly retryAfterSeconds: number | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly attempts: number;

  constructor(init: GraphErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.subcode = init.subcode ?? null;
    this.type = init.type ?? null;
    this.fbtraceId = init.fbtraceId ?? null;
    this.userTitle = init.userTitle ?? null;
    this.userMessage = init.userMessage ?? null;
    this.details = init.details ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.method = init.method ?? null;
    this.path = init.path ?? null;
    this.attempts = init.attempts ?? 1;
  }

  /** A plain, log-friendly view. `cause` is left out on purpose: it may hold transport internals. */
  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      code: this.code,
      subcode: this.subcode,
      type: this.type,
      fbtraceId: this.fbtraceId,
      userTitle: this.userTitle,
      userMessage: this.userMessage,
      details: this.details,
      retryAfterSeconds: this.retryAfterSeconds,
      method: this.method,
      path: this.path,
      attempts: this.attempts,
    };
  }
}

export function isGraphError(error: unknown): error is GraphError {
  return error instanceof GraphError;
}

const AUTH_CODES = new Set([102, 190]);
const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131208]);
const NOT_ELIGIBLE_CODES = new Set([131214, 131215]);

/**
 * Maps an HTTP status and Meta's error code/subcode to a kind.
 * Any 429 is a rate limit whatever the code; a known code wins over the status otherwise.
 */
export function classifyGraphError(status: number | null, code: number | null, subcode: number | null): GraphErrorKind {
  if (status === 429) return "rate-limited";
  if (code !== null) {
    if (AUTH_CODES.has(code) || (subcode !== null && AUTH_SUBCODES.has(subcode))) return "auth";
    if (code === 10 || (code >= 200 && code <= 299)) return "permission";
    if (RATE_LIMIT_CODES.has(code)) return "rate-limited";
    if (code === 131059) return "invalid-cursor";
    if (NOT_ELIGIBLE_CODES.has(code)) return "not-eligible";
    if (code === 131211) return "limit-reached";
    if (code === 131041) return "not-found";
    if (code === 131207) return "suspended";
    if (code === 131212) return "not-participant";
    if (code === 131202) return "already-participant";
    if (code === 131204) return "participant-limit";
    if (code === 131213) return "join-request-gone";
    if (code === 131209 || code === 131210) return "picture-rejected";
    if (code === 131020) return "needs-members";
  }
  if (status === null || status >= 500) return "upstream";
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status >= 400) return "validation";
  return "upstream";
}
