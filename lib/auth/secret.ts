/**
 * The key that signs session JWTs. Development and tests get a fixed one so `npm run dev` works without setup;
 * production must set NEXTAUTH_SECRET (instrumentation.ts refuses to start without it).
 * Read from process.env directly because proxy.ts uses it too.
 */
export function authSecret(): string | undefined {
  const configured = process.env.NEXTAUTH_SECRET?.trim();
  if (configured) return configured;
  return process.env.NODE_ENV === "production" ? undefined : "development-only-secret-do-not-use";
}
