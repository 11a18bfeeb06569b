/**
 * Security headers for every response, set by proxy.ts (which sees every request). No dependencies: the proxy
 * imports it.
 */

/** Headers that are the same on every response. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * As strict as Next.js allows: scripts only with this response's nonce (Next.js puts it on its own script tags when
 * it finds this header on the request) and what they load ('strict-dynamic'); no plugins, no framing, forms and
 * <base> only to this site. Styles keep 'unsafe-inline': React renders style attributes that a nonce cannot cover.
 */
export function contentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For built assets, icons, JSON answers and redirects: nothing in them may run or load anything. */
export const NOTHING_CSP = "default-src 'none'; frame-ancestors 'none'";
