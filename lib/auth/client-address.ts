import "server-only";

/**
 * The client's address as the reverse proxy in front reports it in X-Forwarded-For, counting `trustedHops` entries
 * from the right (1 = the last entry: what the nearest proxy saw). Entries further left are written by the client
 * and can be forged. With nothing in front, Next.js fills the header with the connection's own address, but only
 * when the client sent none: run production behind a proxy that sets it (see the README).
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>, trustedHops: number): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const picked = entries[Math.max(0, entries.length - Math.max(1, trustedHops))];
  return normalize(picked) ?? "unknown";
}

/** A bare IPv4 or IPv6 address, without a port, brackets or the IPv4-mapped prefix; null when it is not one. */
function normalize(entry: string | undefined): string | null {
  if (!entry) return null;
  let a = entry;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(a);
  if (bracketed?.[1]) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.toLowerCase().startsWith("::ffff:") && /^\d{1,3}(\.\d{1,3}){3}$/.test(a.slice(7))) a = a.slice(7);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(a) || (/^[0-9a-fA-F:]+$/.test(a) && a.includes(":"))) return a.toLowerCase();
  return null;
}
