"use client";

import { useHydrated } from "./use-hydrated";
import { parseGraphDate } from "@/lib/dates";

/**
 * A date as a <time> element: in the viewer's own locale and time zone once `local` (in the browser after
 * hydration), as UTC before (the server knows neither). Values that are not dates stay raw. No hooks: long tables
 * call it per row with one `useHydrated()` of their own.
 */
export function timeElement(value: string | number, local: boolean): React.ReactElement {
  const date = parseGraphDate(value);
  if (!date) return <span>{String(value)}</span>;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {local
        ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
        : `${iso.replace("T", " ").slice(0, 16)} UTC`}
    </time>
  );
}

/** A date in the viewer's own locale and time zone (see timeElement). */
export function LocalTime({ value }: { value: string | number }) {
  return timeElement(value, useHydrated());
}
