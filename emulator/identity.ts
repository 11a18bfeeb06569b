import { createHash } from "node:crypto";

/**
 * Business-scoped user IDs (Meta's 2026 rollout). People in group webhooks gain `user_id` (the BSUID),
 * `parent_user_id` and `username`, and `wa_id` may be absent. The emulator derives all three from the wa_id, so the
 * same person always gets the same values (across resets and restarts).
 *
 * - `"wa_id"`: today's shape, `{ wa_id }` only.
 * - `"both"`: `{ wa_id, user_id, parent_user_id, username }`.
 * - `"user_id"`: `{ user_id, parent_user_id, username }`, no wa_id.
 */
export const IDENTITY_SHAPES = ["wa_id", "both", "user_id"] as const;
export type IdentityShape = (typeof IDENTITY_SHAPES)[number];

export interface UserIdentity {
  /** e.g. `US.13491208655302741918`: ISO country code, a dot, 20 digits */
  user_id: string;
  /** e.g. `US.ENT.11815799212886844830` */
  parent_user_id: string;
  /** e.g. `maria.lopez27` */
  username: string;
}

/** Calling code → ISO country, longest prefix first. Anything else counts as US. */
const COUNTRIES: [string, string][] = [
  ["234", "NG"],
  ["971", "AE"],
  ["27", "ZA"],
  ["33", "FR"],
  ["34", "ES"],
  ["39", "IT"],
  ["44", "GB"],
  ["49", "DE"],
  ["52", "MX"],
  ["54", "AR"],
  ["55", "BR"],
  ["61", "AU"],
  ["62", "ID"],
  ["81", "JP"],
  ["91", "IN"],
  ["1", "US"],
];

const FIRST = ["maria", "james", "aisha", "lucas", "mei", "omar", "sofia", "noah", "priya", "diego", "emma", "kofi"];
const LAST = ["lopez", "smith", "khan", "silva", "chen", "haddad", "rossi", "okafor", "patel", "garcia", "muller", "sato"];

function digest(salt: string, waId: string): Buffer {
  return createHash("sha256").update(`${salt}:${waId}`, "utf8").digest();
}

function twentyDigits(hash: Buffer): string {
  return (hash.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, "0");
}

function countryOf(waId: string): string {
  return COUNTRIES.find(([prefix]) => waId.startsWith(prefix))?.[1] ?? "US";
}

/** The stable business-scoped identity of a person, derived from their wa_id. */
export function identityOf(waId: string): UserIdentity {
  const country = countryOf(waId);
  const name = digest("username", waId);
  return {
    user_id: `${country}.${twentyDigits(digest("user_id", waId))}`,
    parent_user_id: `${country}.ENT.${twentyDigits(digest("parent_user_id", waId))}`,
    username: `${FIRST[(name[0] as number) % FIRST.length]}.${LAST[(name[1] as number) % LAST.length]}${(name[2] as number) % 100}`,
  };
}

/** A BSUID as the business may send it back (`US.123…` or `US.ENT.123…`). */
export function looksLikeUserId(input: string): boolean {
  return /^[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]{1,128}$/.test(input.trim());
}

/** The identity fields of a person in a webhook, in the configured shape. */
export function personFields(shape: IdentityShape, waId: string): Record<string, string> {
  if (shape === "wa_id") return { wa_id: waId };
  const id = identityOf(waId);
  return shape === "both" ? { wa_id: waId, ...id } : { ...id };
}

/** Extra identity fields for an item that already names the person another way (e.g. `{ input }`): none in "wa_id". */
export function extraPersonFields(shape: IdentityShape, waId: string | undefined): Record<string, string> {
  if (shape === "wa_id" || waId === undefined || waId.length === 0) return {};
  return personFields(shape, waId);
}
