"use client";

import { useEffect } from "react";

/**
 * Marks the page as interactive (`<html data-hydrated>`) once React has taken it over. The e2e page objects wait for
 * it before they click: a click on server-rendered HTML before then is lost, as it would be for a person.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
