import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditAlone } from "@/lib/db/audit";
import { attemptSucceeded, beginAttempt } from "@/lib/db/login-throttle";
import { bumpSessionVersion, findUserByEmail, findUserById } from "@/lib/db/users";
import { env } from "@/lib/env";
import { safeCallbackPath } from "./callback-url";
import { clientAddress } from "./client-address";
import { DUMMY_HASH, verifyPassword } from "./password";
import { isRole } from "./roles";
import { authSecret } from "./secret";
import { isTokenFresh } from "./session";
import { SIGN_IN_ERRORS } from "./sign-in-errors";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(200) });

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // The cookie's own expiry; the absolute lifetime is enforced from the token's authAt (lib/auth/session.ts).
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_HOURS * 3600 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const db = await getDb();
        const address = clientAddress(req?.headers ?? {}, env.TRUSTED_PROXY_HOPS);
        const verdict = await beginAttempt(db, email, address, {
          perPair: env.LOGIN_MAX_FAILURES,
          perAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
        });
        const attempt = { targetUser: email.trim().toLowerCase(), clientIp: address };
        if (!verdict.allowed) {
          await recordAuditAlone(db, {
            ...attempt,
            actor: null,
            action: "auth.lockout",
            outcome: "failed",
            details: { scope: verdict.scope, retryAfterSeconds: verdict.retryAfterSeconds },
          });
          const code = verdict.scope === "pair" ? SIGN_IN_ERRORS.locked : SIGN_IN_ERRORS.addressLocked;
          throw new Error(`${code}:${verdict.retryAfterSeconds}`);
        }
        const user = await findUserByEmail(db, email);
        const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
        if (!user || !ok || !isRole(user.role)) {
          await recordAuditAlone(db, { ...attempt, actor: null, action: "auth.sign_in", outcome: "failed" });
          return null;
        }
        await attemptSucceeded(db, verdict.keys);
        await recordAuditAlone(db, {
          ...attempt,
          actor: { email: user.email, role: user.role },
          action: "auth.sign_in",
          outcome: "succeeded",
        });
        return {
          id: String(user.id),
          email: user.email,
          name: user.name ?? user.email,
          role: user.role,
          sessionVersion: user.session_version,
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user && isRole(user.role)) {
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.authAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.role = isRole(token.role) ? token.role : "viewer";
        session.user.id = token.sub ?? "";
      }
      return session;
    },
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeCallbackPath(path)}`;
    },
  },
  events: {
    // Signing out ends every session of the user, not just this cookie: a copied cookie dies with it. Only a live
    // session may do this, so a stale copied cookie cannot be used to sign its owner out over and over.
    async signOut({ token }) {
      if (!isTokenFresh(token, env.SESSION_MAX_AGE_HOURS)) return;
      const db = await getDb();
      const user = await findUserById(db, Number(token.sub));
      if (user && user.session_version === token.sv) await bumpSessionVersion(db, user.id);
    },
  },
};
