import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { clearFailures, lockedUntil, recordFailure } from "@/lib/db/login-throttle";
import { findUserByEmail } from "@/lib/db/users";
import { env } from "@/lib/env";
import { DUMMY_HASH, verifyPassword } from "./password";
import { authSecret } from "./secret";
import { isRole } from "./roles";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(200) });

/** Thrown sign-in errors reach the login page as `?error=` codes; it turns them into sentences. */
export const SIGN_IN_ERRORS = { invalid: "CredentialsSignin", locked: "locked" } as const;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = await getDb();
        const until = await lockedUntil(db, email);
        if (until) throw new Error(`${SIGN_IN_ERRORS.locked}:${Math.ceil((until.getTime() - Date.now()) / 1000)}`);
        const user = await findUserByEmail(db, email);
        const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
        if (!user || !ok || !isRole(user.role)) {
          const { lockedUntil: lock } = await recordFailure(db, email, env.LOGIN_MAX_FAILURES);
          if (lock) throw new Error(`${SIGN_IN_ERRORS.locked}:${Math.ceil((lock.getTime() - Date.now()) / 1000)}`);
          return null;
        }
        await clearFailures(db, email);
        return { id: String(user.id), email: user.email, name: user.name ?? user.email, role: user.role };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user && "role" in user && isRole(user.role)) token.role = user.role;
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        session.user.role = isRole(token.role) ? token.role : "viewer";
        session.user.id = token.sub ?? "";
      }
      return session;
    },
  },
};
