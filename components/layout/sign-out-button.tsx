"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Icon } from "@/components/ui/icon";

/**
 * next-auth's sign-out protocol (CSRF token, then POST /api/auth/signout) in a few lines, so that every dashboard page
 * does not ship next-auth/react just for this button.
 */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    try {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      await fetch("/api/auth/signout", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/login", json: "true" }),
      });
    } finally {
      // A full load on purpose: it drops every page the client router cached while signed in.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/login");
    }
  }
  return (
    <Button variant="ghost" onClick={signOut} disabled={pending}>
      <Icon name="log-out" className="size-4" />
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
