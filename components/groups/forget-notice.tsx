"use client";

import { useEffect } from "react";

/**
 * Drops a one-time `?notice=` from the address bar once it is shown, so a reload or a bookmark does not repeat it.
 * history.replaceState keeps the page as rendered (Next.js syncs its router with it without fetching again).
 */
export function ForgetNotice() {
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has("notice")) return;
    url.searchParams.delete("notice");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return null;
}
