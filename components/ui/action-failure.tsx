"use client";

import { Alert } from "@/components/ui/alert";
import type { ActionFailure } from "@/lib/actions/result";

/**
 * How every failed action or live update reads. Signed out mid-task is said as such, with a sign-in link that opens
 * in a new tab so that what was typed here stays; a bad access token is a warning for an admin, not the user's
 * fault.
 */
export function ActionFailureAlert({ failure, action }: { failure: ActionFailure; action?: React.ReactNode }) {
  if (failure.kind === "unauthenticated") {
    return (
      <Alert tone="warning" title="You were signed out" action={action}>
        Sign in again to continue: <SignInAgainLink />. What you typed here is kept; come back to this tab and try again.
      </Alert>
    );
  }
  return (
    <Alert tone={failure.kind === "auth" ? "warning" : "error"} title={failure.title} action={action}>
      {failure.message}
    </Alert>
  );
}

export function SignInAgainLink() {
  const here = typeof window === "undefined" ? "/groups" : window.location.pathname + window.location.search;
  return (
    <a href={`/login?callbackUrl=${encodeURIComponent(here)}`} target="_blank" rel="noopener" className="font-semibold underline">
      sign in (opens a new tab)
    </a>
  );
}
