// Types of security-headers.mjs (plain JavaScript so that next.config.mjs can import it too).
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>>;
export function contentSecurityPolicy(nonce: string, options?: { dev?: boolean }): string;
export const NOTHING_CSP: string;
