import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { authSecret } from "./secret";

/** Session cookies decoded lately; a tab open on the dashboard sends the same cookie with every request. */
const MAX_REMEMBERED = 1000;
const decoded = new Map<string, { keyedBy: string; token: Readonly<JWT> }>();

/**
 * next-auth's `decode`, remembering what each cookie decoded to. Decoding derives the key with HKDF on libuv's thread
 * pool and then decrypts: on a busy server the round trip to the pool took several milliseconds of every page's time
 * before it could read anything. A cookie's content cannot change (it is encrypted and authenticated), so the same
 * string decodes to the same token for as long as the token has not expired; that is checked on every use. Nothing
 * here decides whether a session is still valid: lib/auth/session.ts compares the session version with the database
 * on every request.
 */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token } = params;
  if (!token) return null;
  // What the cookie was decoded with: another secret (or salt) must decode it afresh, and most likely fail.
  const keyedBy = `${params.salt ?? ""}\0${params.secret.toString("base64")}`;
  const known = decoded.get(token);
  if (known?.keyedBy === keyedBy) {
    if (unexpired(known.token)) return { ...known.token };
    decoded.delete(token);
  }
  const payload = await decode(params);
  if (payload && unexpired(payload)) {
    if (decoded.size >= MAX_REMEMBERED) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, { keyedBy, token: Object.freeze({ ...payload }) });
  }
  return payload;
}

function unexpired(token: JWT): boolean {
  return typeof token.exp === "number" && token.exp * 1000 > Date.now();
}

/** The session token in a request's cookies (null when there is none, it is malformed, or it has expired). */
export function readSessionToken(req: Parameters<typeof getToken>[0]["req"]): Promise<JWT | null> {
  return getToken({ req, secret: authSecret(), decode: decodeSessionToken });
}
