import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; role: Role };
  }
  interface User {
    role: Role;
    /** the user's session version when they signed in (lib/db/users.ts) */
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    /** session version at sign-in: the token stops working once the user's version moves on */
    sv?: number;
    /** Unix seconds of the sign-in; renewing the cookie keeps it, so a session's lifetime is absolute */
    authAt?: number;
  }
}
