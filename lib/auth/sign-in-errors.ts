/**
 * Sign-in error codes and what the login page says for each. Plain data: the login form imports it.
 *
 * Lockout codes carry the seconds left (`locked:30`) and are only read from the sign-in call's own answer; the page
 * ignores them in its URL (`/login?error=locked:99999` must not show a forged lockout).
 */
export const SIGN_IN_ERRORS = { invalid: "CredentialsSignin", locked: "locked", addressLocked: "locked-address" } as const;

export function signInErrorMessage(code: string | null | undefined, source: "answer" | "url"): string | null {
  if (!code) return null;
  if (code === SIGN_IN_ERRORS.invalid) return "Wrong email or password.";
  const lock = /^(locked|locked-address):(\d{1,6})$/.exec(code);
  if (lock) {
    if (source === "url") return null;
    const seconds = Number(lock[2]) || 30;
    const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    return lock[1] === SIGN_IN_ERRORS.addressLocked
      ? `Too many failed sign-ins from your network. Try again in ${wait}.`
      : `Too many failed attempts for this account from your network. Try again in ${wait}.`;
  }
  return "Sign-in failed. Try again.";
}
