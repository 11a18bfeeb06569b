import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";
import { authSecret } from "@/lib/auth/secret";

/**
 * Only a convenience: signed-out visitors are redirected to /login before a page renders. Every page, server action
 * and route handler still checks the session and role itself (lib/auth/session.ts).
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: authSecret() });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but the login page, next-auth's endpoints, the public webhook, health check and static files.
  matcher: ["/((?!login|api/auth|api/webhooks|api/health|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
