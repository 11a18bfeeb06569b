import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { findUserByEmail } from "@/lib/db/users";
import { authOptions } from "./options";
import { hasRole, isRole, type Role } from "./roles";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user, read again from the database so that a changed role or a removed account takes effect at
 * once rather than when the JWT expires. null when signed out.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const email = session?.user?.email;
  if (!email) return null;
  const user = await findUserByEmail(await getDb(), email);
  if (!user || !isRole(user.role)) return null;
  return { id: String(user.id), email: user.email, name: user.name ?? user.email, role: user.role };
}

/** For pages: signed-out users go to /login, users without the role get a 403 page. */
export async function requirePageUser(role: Role = "viewer", callbackUrl?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  if (!hasRole(user.role, role)) redirect("/forbidden");
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
