import { type NextRequest, NextResponse } from "next/server";

/**
 * The second reference of `npm run bench`, for information: the bare app (bench/bare, whose pages the bench copies in
 * here) with the proxy of Next.js's Content Security Policy guide and nothing else. A fresh nonce per request, on the
 * request (where Next.js reads it for its own scripts) and on the response. It separates what a nonce proxy costs any
 * Next.js app from what the dashboard adds to it. A .tsx file: the bare app's configuration, which this one shares, reads
 * only .tsx files, and Next.js looks for the proxy by the same extensions.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'; style-src 'self' 'nonce-${nonce}'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'`;
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
