import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { findUserByEmail } from "@/lib/db/users";
import { hasRole, isRole, type Role } from "./roles";
import { authSecret } from "./secret";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user, read again from the database so that a changed role or a removed account takes effect at
 * once rather than when the JWT expires. null when signed out. Cached for the request: the layout and the page
 * both ask. Decodes the session JWT directly (next-auth's getToken): getServerSession would run next-auth's whole
 * request pipeline on every render for the same answer.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  const token = await getToken({ req: { cookies: await cookies(), headers: await headers() } as never, secret: authSecret() });
  const email = typeof token?.email === "string" ? token.email : null;
  if (!email) return null;
  const user = await findUserByEmail(await getDb(), email);
  if (!user || !isRole(user.role)) return null;
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
    super(reason === "unauthenticated" ? "You are signed out. Sign in again." : "Your role does not allow this.");
  }
}

/** For server actions and route handlers: throws AuthorizationError. */
export async function requireUser(role: Role = "viewer"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AuthorizationError("unauthenticated");
  if (!hasRole(user.role, role)) throw new AuthorizationError("forbidden");
  return user;
}
