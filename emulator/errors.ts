import { randomBytes } from "node:crypto";

/** Meta's Graph error envelope: `{"error":{message,type,code,error_subcode?,error_data?,fbtrace_id}}`. */
export interface GraphErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: { messaging_product: "whatsapp"; details: string };
  fbtrace_id: string;
}

export interface GraphErrorInit {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  title?: string;
  details?: string;
  headers?: Record<string, string>;
}

/** Thrown anywhere in a handler; the server turns it into Meta's envelope. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: number;
  readonly type: string;
  readonly subcode: number | undefined;
  readonly title: string | undefined;
  readonly details: string | undefined;
  readonly headers: Record<string, string>;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.name = "GraphError";
    this.status = init.status;
    this.code = init.code;
    this.type = init.type ?? "OAuthException";
    this.subcode = init.subcode;
    this.title = init.title;
    this.details = init.details;
    this.headers = init.headers ?? {};
  }

  /** `traceId`: the response's `x-fb-trace-id`, so the envelope and the header name the same trace, as Meta's do. */
  toEnvelope(traceId: string = fbtraceId()): { error: GraphErrorBody } {
    const body: GraphErrorBody = { message: this.message, type: this.type, code: this.code, fbtrace_id: traceId };
    if (this.subcode !== undefined) body.error_subcode = this.subcode;
    if (this.title !== undefined) {
      body.error_user_title = this.title;
      body.error_user_msg = this.details ?? this.message;
    }
    if (this.details !== undefined) body.error_data = { messaging_product: "whatsapp", details: this.details };
    return { error: body };
  }
}

export function fbtraceId(): string {
  return "A" + randomBytes(16).toString("base64url").slice(0, 22);
}

/** 400 code 100: an invalid or missing parameter; the message names the field. */
export function invalidParam(field: string, problem: string): GraphError {
  const details = `Param ${field} ${problem}`;
  return new GraphError({ status: 400, code: 100, message: `(#100) ${details}`, details });
}

export function unsupportedRequest(method: string, objectId: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

export function unknownPath(method: string, path: string): GraphError {
  return new GraphError({
    status: 400,
    code: 100,
    message: `Unsupported ${method.toLowerCase()} request. Unknown path components: ${path}. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

export function invalidToken(): GraphError {
  return new GraphError({
    status: 401,
    code: 190,
    message: "Invalid OAuth access token - Cannot parse access token",
  });
}

export function groupNotFound(groupId: string): GraphError {
  return new GraphError({
    status: 400,
    code: 131041,
    title: "Group not found",
    message: "(#131041) Group not found",
    details: `Group ${groupId} does not exist, or the business is not a member of it.`,
  });
}

export function groupSuspended(groupId: string): GraphError {
  return new GraphError({
    status: 403,
    code: 131207,
    title: "Group suspended",
    message: "(#131207) Group suspended",
    details: `Group ${groupId} is suspended; this operation is not allowed.`,
  });
}

export function invalidCursor(): GraphError {
  return new GraphError({
    status: 400,
    code: 131059,
    title: "Invalid cursor",
    message: "(#131059) Invalid or expired cursor. Restart paging from the first page.",
    details: "The paging cursor is malformed, was not issued by this server, belongs to another list, or has expired.",
  });
}

export function internalError(): GraphError {
  return new GraphError({
    status: 500,
    code: 1,
    message: "An unknown error occurred",
  });
}

/** An item-level error object as used in webhooks and partial-failure answers. */
export interface ItemError {
  code: number;
  message: string;
  title: string;
  error_data: { details: string };
}

export function itemError(code: number, title: string, details: string): ItemError {
  return { code, message: `(#${code}) ${title}`, title, error_data: { details } };
}

/** 400 code 131209: the profile picture is not square. */
export function pictureNotSquare(width: number, height: number): GraphError {
  return new GraphError({
    status: 400,
    code: 131209,
    title: "Profile picture not square",
    message: "(#131209) Profile picture not square",
    details: `The picture is ${width}x${height} pixels; a group profile picture must be square.`,
  });
}

/** 400 code 131210: the profile picture is smaller than the minimum. */
export function pictureTooSmall(width: number, height: number, min: number): GraphError {
  return new GraphError({
    status: 400,
    code: 131210,
    title: "Profile picture too small",
    message: "(#131210) Profile picture too small",
    details: `The picture is ${width}x${height} pixels; a group profile picture must be at least ${min}x${min}.`,
  });
}

/** 413 code 100: the request body is over the limit for this call. */
export function bodyTooLarge(bytes: number, limitText: string): GraphError {
  return new GraphError({
    status: 413,
    code: 100,
    message: `(#100) Request body too large: the limit is ${limitText}`,
    details: `Received ${bytes} bytes`,
  });
}

/** 400 code 100 naming the User-Agent header (strictUserAgent). */
export function badUserAgent(value: string | null): GraphError {
  const details =
    value === null
      ? "The User-Agent header is required: send <name>/<major.minor.patch>, e.g. whatsapp-groups-dashboard/0.2.0"
      : `The User-Agent header ${JSON.stringify(value)} does not match <name>/<major.minor.patch>[;<key=value>][ <name>/<version>]`;
  return new GraphError({ status: 400, code: 100, message: `(#100) Param User-Agent is invalid: ${details}`, details });
}

/** An item error turned into a whole-call error (every item of a bulk call failed). */
export function fromItemError(status: number, item: ItemError): GraphError {
  return new GraphError({ status, code: item.code, title: item.title, message: item.message, details: item.error_data.details });
}
