import { type NextRequest, NextResponse } from "next/server";
import { readSessionToken } from "@/lib/auth/session-token";
import { contentSecurityPolicy, NOTHING_CSP, STATIC_SECURITY_HEADERS } from "@/lib/security-headers.mjs";

/** Next.js's own limit on a server action's body (serverActions.bodySizeLimit, default 1 MB). */
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
const PUBLIC_PATHS = [/^\/login(\/|$)/, /^\/api\/auth\//, /^\/api\/webhooks\//, /^\/api\/health$/, /^\/api\/ready$/];
/** An `X-Request-Id` from the load balancer in front is kept when it is this plain; otherwise the proxy makes one. */
const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Runs before every page, server action and route handler (built assets and public files get their security headers
 * from next.config.mjs instead, see `config` below):
 *
 * - security headers on every response, with a fresh CSP nonce per request;
 * - a request ID (`X-Request-Id`) on the request, for every log line written while it is handled, and on the response,
 *   so an operator can go from what a user saw to the server's log;
 * - signed-out page visits are redirected to /login (a convenience: every page, action and route handler checks the
 *   session and role itself, lib/auth/session.ts). Server actions and API calls are let through instead, so they
 *   answer "signed out" in their own format and the page can say so without losing what the user typed;
 * - an oversized server-action body gets a 413 with a sentence instead of Next.js's bare 500.
 */
export async function proxy(request: NextRequest) {
  const requestId = requestIdOf(request);
  const isAction = request.method === "POST" && request.headers.has("next-action");
  if (isAction && Number(request.headers.get("content-length")) > ACTION_BODY_LIMIT_BYTES) {
    return secured(
      NextResponse.json(
        {
          error: {
            kind: "too-large",
            message: "What was sent is larger than the dashboard accepts (1 MB). Shorten it and try again.",
          },
        },
        { status: 413 },
      ),
      requestId,
    );
  }

  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const forward = () => {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("x-request-id", requestId);
    headers.set("Content-Security-Policy", csp);
    return secured(NextResponse.next({ request: { headers } }), requestId, csp);
  };

  const { pathname } = request.nextUrl;
  if (isAction || pathname.startsWith("/api/") || PUBLIC_PATHS.some((p) => p.test(pathname))) return forward();

  const token = await readSessionToken(request);
  if (token) return forward();
  const login = new URL("/login", request.url);
  const target = pathname + request.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return secured(NextResponse.redirect(login), requestId, csp);
}

function requestIdOf(request: NextRequest): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

function secured(response: NextResponse, requestId: string, csp?: string): NextResponse {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set("X-Request-Id", requestId);
  response.headers.set("Content-Security-Policy", csp ?? NOTHING_CSP);
  return response;
}

export const config = {
  // Every path but built assets and the files in public/ (the same list as STATIC_FILES in next.config.mjs, which
  // gives them their headers). Those need no nonce, request ID or session, and a request that goes through a proxy
  // costs Next.js a second pass over it: a script is served about three times slower through one.
  matcher: ["/((?!_next/static/|_next/image|icons/|favicon\\.ico$|icon\\.svg$|robots\\.txt$|manifest\\.webmanifest$).*)"],
};
