import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { withRequestLog } from "@/lib/log";

// next-auth's own endpoints (sign-in, sign-out, session, CSRF). Public by design: this is how a session starts.
// next-auth 4 types its App Router handler as `any`; this is what it is. Sign-in's log lines carry the request's ID.
const handler = withRequestLog(
  NextAuth(authOptions) as (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>,
);

export { handler as GET, handler as POST };
