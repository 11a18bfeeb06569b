import { randomBytes } from "node:crypto";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Opaque group id in Meta's style: base64url of `capi_group:<phone>:<n>` without padding. `generation` counts
 * resets: Meta never gives an ID to a second group, so a group made after a reset gets a new one (a dashboard that
 * remembers what happened to the old group must not see it again).
 */
export function makeGroupId(phoneNumberId: string, seq: number, generation = 0): string {
  const n = `120363${String(generation).padStart(3, "0")}${String(seq).padStart(9, "0")}`;
  return Buffer.from(`capi_group:${phoneNumberId}:${n}`, "utf8").toString("base64url");
}

/** Request ids look like Meta's: 32 upper-case hex characters. */
export function makeRequestId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

export function makeJoinRequestId(): string {
  return randomBytes(18).toString("base64url");
}

export function makeInviteLink(): string {
  // 62 symbols: reject bytes >= 248 (4 * 62) to keep the draw uniform.
  let code = "";
  while (code.length < 22) {
    for (const byte of randomBytes(32)) {
      if (byte < 248 && code.length < 22) code += ALNUM[byte % 62];
    }
  }
  return `https://chat.whatsapp.com/${code}`;
}

/** Graph's date style: `2025-03-01T12:00:00+0000`. */
export function formatGraphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/**
 * Now, in milliseconds since the epoch with its fractions: the real clock, whatever `now` a test gave the emulator. The
 * call log's receivedAtMs and answeredAtMs are on it, and a client on the same machine compares its own times with them.
 */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** A stable, plausible display number for a phone number id (the emulator has no real numbers). */
export function displayPhoneNumber(phoneNumberId: string): string {
  return `1555${phoneNumberId.slice(-7).padStart(7, "0")}`;
}
