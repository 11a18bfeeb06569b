import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";
const HEX_LENGTH = 64;

/**
 * True when `header` is `sha256=<hex>` and the hex is the HMAC-SHA256 of the raw body keyed with the app secret.
 * Compared in constant time over the raw bytes, before anything parses the body.
 */
export function verifySignature(rawBody: Buffer, header: string | null, secret: string): boolean {
  if (!header || !secret) return false;
  const value = header.trim();
  if (!value.toLowerCase().startsWith(PREFIX)) return false;
  const hex = value.slice(PREFIX.length);
  if (hex.length !== HEX_LENGTH || !/^[0-9a-fA-F]+$/.test(hex)) return false;
  const given = Buffer.from(hex, "hex");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Meta's subscription handshake: `hub.mode=subscribe` and `hub.verify_token` equal to our token → the challenge to
 * echo back; anything else (including no token configured) → null, answered with 403.
 */
export function verifyChallenge(params: URLSearchParams, token: string | undefined): string | null {
  if (!token) return null;
  if (params.get("hub.mode") !== "subscribe") return null;
  const given = params.get("hub.verify_token");
  const challenge = params.get("hub.challenge");
  if (given === null || !challenge || challenge.length > 512) return null;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(token).digest();
  return timingSafeEqual(a, b) ? challenge : null;
}
