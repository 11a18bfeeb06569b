"use client";

import dynamic from "next/dynamic";

/**
 * The settings form, rendered on the server as usual but with its code (react-hook-form) in a chunk of its own: it is
 * the last section of the group's page, so the sections above it become interactive without waiting for it.
 */
export const LazyGroupSettingsForm = dynamic(() => import("./settings-form").then((m) => m.GroupSettingsForm), {
  loading: () => (
    <p role="status" className="text-sm text-slate-600">
      Loading the settings form…
    </p>
  ),
});
