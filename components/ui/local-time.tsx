"use client";

import { useSyncExternalStore } from "react";
import { parseGraphDate } from "@/lib/dates";

const subscribe = () => () => {};

/**
 * A date in the viewer's own locale and time zone. The server does not know either, so it renders the raw value
 * (in a <time> element) and the browser replaces it on hydration. Values that are not dates stay raw.
 */
export function LocalTime({ value }: { value: string | number }) {
  const date = parseGraphDate(value);
  const formatted = useSyncExternalStore(
    subscribe,
    () => (date ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : null),
    () => null,
  );
  if (!date) return <span>{String(value)}</span>;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {formatted ?? date.toISOString().replace("T", " ").slice(0, 16) + " UTC"}
    </time>
  );
}
