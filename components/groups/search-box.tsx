"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { type GroupsUrlState, searchHref } from "@/lib/url-state/groups";
import { Icon } from "@/components/ui/icon";

/** Results follow the typing after this pause, so each keystroke does not ask the server. */
const DEBOUNCE_MS = 250;

/**
 * Searches the index's subjects while the manager types (case and accents ignored); the search lives in the URL as
 * `?q=`, so it can be bookmarked. "/" anywhere on the page puts the cursor here.
 */
export function SearchBox({ state }: { state: Partial<GroupsUrlState> }) {
  const router = useRouter();
  const [value, setValue] = useState(state.q ?? "");
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hydrated = useHydrated();

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable=true]");
      if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  function search(next: string) {
    setValue(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => startTransition(() => router.replace(searchHref(state, next))), DEBOUNCE_MS);
  }

  return (
    <form
      role="search"
      method="get"
      action="/groups"
      onSubmit={(e) => e.preventDefault()}
      data-ready={hydrated}
      className="relative w-full sm:max-w-sm"
    >
      <label htmlFor="group-search" className="sr-only">
        Search subjects
      </label>
      <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-500" />
      <input
        ref={input}
        id="group-search"
        type="search"
        name="q"
        value={value}
        onChange={(e) => search(e.target.value)}
        placeholder="Search subjects"
        autoComplete="off"
        aria-keyshortcuts="/"
        className="block min-h-11 w-full rounded-md border border-slate-300 bg-surface py-2 pl-9 pr-9 text-sm shadow-sm max-sm:text-base placeholder:text-slate-500 focus:outline-none focus:ring-2 focus:ring-emerald-600"
      />
      {pending && (
        <Icon
          name="loader"
          label="Searching"
          className="absolute right-3 top-1/2 size-4 -translate-y-1/2 animate-spin text-slate-500"
        />
      )}
    </form>
  );
}
