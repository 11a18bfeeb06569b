/**
 * Where to send a user after signing in: only a path on this site. Plain function, safe in client components.
 *
 * The value is resolved with the URL parser, as the browser will resolve it, so tricks that survive a prefix check
 * ("/\t/evil.example" becomes "//evil.example" once the parser drops the tab; "/.//evil.example" normalises to
 * "//evil.example") are caught. The result is the parser's own serialisation: percent-encoded ASCII, safe in a
 * Location header whatever the input held.
 */
const PLACEHOLDER_ORIGIN = "http://dashboard.invalid";
export const DEFAULT_AFTER_SIGN_IN = "/groups";

export function safeCallbackPath(raw: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (!raw || raw.length > 2048 || !raw.startsWith("/")) return fallback;
  // The parser would silently drop tabs and line breaks; a value that holds any control character is not a link.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
