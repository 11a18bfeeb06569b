/**
 * Security headers for every response. Pages, route handlers, server actions and redirects get them from proxy.ts;
 * built assets and the files in public/ from next.config.mjs, which is why this module is plain JavaScript (its types
 * are in security-headers.d.mts) and imports nothing.
 */

/** Headers that are the same on every response. */
export const STATIC_SECURITY_HEADERS = Object.freeze({
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/**
 * As strict as Next.js allows: scripts only with this response's nonce (Next.js puts it on its own script tags when
 * it finds this header on the request) and what they load ('strict-dynamic'); no plugins, no framing, forms and
 * <base> only to this site. Styles keep 'unsafe-inline': React renders style attributes that a nonce cannot cover.
 */
export function contentSecurityPolicy(nonce, { dev = false } = {}) {
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
