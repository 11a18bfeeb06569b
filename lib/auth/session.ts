import "server-only";
import type { JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { findUserById } from "@/lib/db/users";
import { env } from "@/lib/env";
import { hasRole, isRole, type Role } from "./roles";
import { readSessionToken } from "./session-token";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * True while a session token may still be used: it names a user, carries a session version, and was issued less
 * than SESSION_MAX_AGE_HOURS ago. Renewing the cookie does not move `authAt`, so the lifetime is absolute.
 */
export function isTokenFresh(
  token: JWT | null,
  maxAgeHours: number,
  now = Date.now(),
): token is JWT & { sub: string; sv: number; authAt: number } {
  if (!token || typeof token.sub !== "string" || typeof token.sv !== "number" || typeof token.authAt !== "number") return false;
  return now / 1000 - token.authAt < maxAgeHours * 3600;
}

/**
 * The signed-in user, read from the database by the id in the session token on every request, so that a changed
 * role, a removed account, a sign-out elsewhere or a new password (each bumps the user's session version) takes
 * effect at once. null when signed out. Cached for the request: the layout and the page both ask. Decodes the JWT
 * directly (next-auth's getToken): getServerSession would run next-auth's whole pipeline for the same answer.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  const token = await readSessionToken({ cookies: await cookies(), headers: await headers() } as never);
  if (!isTokenFresh(token, env.SESSION_MAX_AGE_HOURS)) return null;
  const id = Number(token.sub);
  if (!Number.isSafeInteger(id)) return null;
  const user = await findUserById(await getDb(), id);
  if (!user || user.session_version !== token.sv || !isRole(user.role)) return null;
  return { id: String(user.id), email: user.email, name: user.name ?? user.email, role: user.role };
});

/** For pages: signed-out users go to /login, users without the role get a 403 page. */
export async function requirePageUser(role: Role = "viewer", callbackUrl?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  if (!hasRole(user.role, role)) redirect(`/forbidden?need=${role}`);
  return user;
}

export class AuthorizationError extends Error {
  constructor(readonly reason: "unauthenticated" | "forbidden") {
    super(reason === "unauthenticated" ? "You were signed out. Sign in again to continue." : "Your role does not allow this.");
  }
}

/** For server actions and route handlers: throws AuthorizationError. */
export async function requireUser(role: Role = "viewer"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AuthorizationError("unauthenticated");
  if (!hasRole(user.role, role)) throw new AuthorizationError("forbidden");
  return user;
}
