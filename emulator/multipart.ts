/** A small multipart/form-data reader (RFC 7578 over RFC 2046), binary-safe, for the profile picture upload. */

interface MultipartPart {
  /** the form field name from Content-Disposition */
  name: string;
  /** present when the part is a file */
  filename?: string;
  /** the part's own Content-Type, when sent */
  contentType?: string;
  data: Buffer;
}

export type MultipartResult = { ok: true; parts: MultipartPart[] } | { ok: false; error: string };

const MAX_PARTS = 100;
const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function isMultipartFormData(contentType: string | null): boolean {
  return mediaType(contentType) === "multipart/form-data";
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Splits `a=1; b="x;y"` into parameters (names lower-cased, quoted strings unescaped). Used for Content-Type and
 * Content-Disposition. Returns null on a syntax error.
 */
export function headerParams(value: string): Map<string, string> | null {
  const params = new Map<string, string>();
  let i = value.indexOf(";");
  if (i === -1) return params;
  while (i < value.length) {
    if (value[i] === ";" || value[i] === " " || value[i] === "\t") {
      i++;
      continue;
    }
    const eq = value.indexOf("=", i);
    if (eq === -1) return null;
    const name = value.slice(i, eq).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return null;
    i = eq + 1;
    let v = "";
    if (value[i] === '"') {
      i++;
      let closed = false;
      while (i < value.length) {
        const ch = value[i] as string;
        if (ch === "\\" && i + 1 < value.length) {
          v += value[i + 1];
          i += 2;
        } else if (ch === '"') {
          closed = true;
          i++;
          break;
        } else {
          v += ch;
          i++;
        }
      }
      if (!closed) return null;
      while (i < value.length && (value[i] === " " || value[i] === "\t")) i++;
      if (i < value.length && value[i] !== ";") return null;
    } else {
      const end = value.indexOf(";", i);
      v = (end === -1 ? value.slice(i) : value.slice(i, end)).trim();
      i = end === -1 ? value.length : end;
    }
    if (!params.has(name)) params.set(name, v);
  }
  return params;
}

/** The boundary of a multipart/form-data Content-Type, or null when it is missing or invalid (RFC 2046: 1..70 chars). */
export function multipartBoundary(contentType: string | null): string | null {
  if (!isMultipartFormData(contentType)) return null;
  const boundary = headerParams(contentType ?? "")?.get("boundary");
  if (boundary === undefined || !/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) return null;
  return boundary;
}

/** RFC 5987 ext-value (`UTF-8''na%C3%AFve.jpg`), as used by `filename*`. */
function decodeExtValue(v: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return undefined;
  try {
    const text = m[2] ?? "";
    if ((m[1] ?? "").toLowerCase() === "utf-8") return decodeURIComponent(text);
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return undefined;
  }
}

function parseHeaders(block: string): Map<string, string> | null {
  const headers = new Map<string, string>();
  if (block.length === 0) return headers;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** Reads a multipart body. Parts without a form-data Content-Disposition and name, or a body with no close delimiter, are errors. */
export function parseMultipart(raw: Buffer, boundary: string): MultipartResult {
  const fail = (error: string): MultipartResult => ({ ok: false, error });
  const dashBoundary = Buffer.from(`--${boundary}`, "latin1");
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  // The first delimiter may open the body directly, or follow a preamble (which is ignored).
  let pos: number;
  if (raw.subarray(0, dashBoundary.length).equals(dashBoundary)) pos = dashBoundary.length;
  else {
    const at = raw.indexOf(delimiter);
    if (at === -1) return fail("the body does not contain the boundary from the Content-Type header");
    pos = at + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body (anything after it is an epilogue); otherwise padding, CRLF, a part.
    if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d) return { ok: true, parts };
    while (raw[pos] === 0x20 || raw[pos] === 0x09) pos++;
    if (raw[pos] !== 0x0d || raw[pos + 1] !== 0x0a) return fail("a boundary line is not followed by CRLF");
    pos += 2;
    if (parts.length >= MAX_PARTS) return fail(`more than ${MAX_PARTS} parts`);

    let headerBlock: string;
    let bodyStart: number;
    if (raw[pos] === 0x0d && raw[pos + 1] === 0x0a) {
      headerBlock = "";
      bodyStart = pos + 2;
    } else {
      const end = raw.indexOf(HEADER_END, pos);
      if (end === -1 || end - pos > MAX_HEADER_BYTES) return fail("a part's headers are not terminated by an empty line");
      headerBlock = raw.subarray(pos, end).toString("utf8");
      bodyStart = end + HEADER_END.length;
    }
    const next = raw.indexOf(delimiter, bodyStart);
    if (next === -1) return fail("the body has no closing boundary");

    const headers = parseHeaders(headerBlock);
    if (!headers) return fail("a part has a malformed header line");
    const disposition = headers.get("content-disposition");
    if (disposition === undefined || disposition.split(";")[0]?.trim().toLowerCase() !== "form-data") {
      return fail("every part needs Content-Disposition: form-data");
    }
    const params = headerParams(disposition);
    const name = params?.get("name");
    if (!params || name === undefined || name.length === 0) return fail("a part's Content-Disposition has no name");
    const part: MultipartPart = { name, data: raw.subarray(bodyStart, next) };
    const extName = params.get("filename*");
    const filename = (extName !== undefined ? decodeExtValue(extName) : undefined) ?? params.get("filename");
    if (filename !== undefined) part.filename = filename;
    const type = headers.get("content-type");
    if (type !== undefined) part.contentType = type;
    parts.push(part);
    pos = next + delimiter.length;
  }
}
