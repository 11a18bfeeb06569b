"use client";

import { useCallback, useEffect, useState } from "react";
import { cn } from "@/lib/cn";
import { buttonClass } from "./button";
import { Icon } from "./icon";

type CopyOutcome = { key: string; ok: boolean } | null;
export type CopyState = "idle" | "copied" | "failed";

/**
 * Copies text and remembers, for two seconds, what was copied last (by a key of the caller's choosing) and whether the
 * browser allowed it: one state for a single button, or for a whole table of them.
 */
export function useClipboard() {
  const [last, setLast] = useState<CopyOutcome>(null);
  useEffect(() => {
    if (!last) return;
    const timer = setTimeout(() => setLast(null), 2000);
    return () => clearTimeout(timer);
  }, [last]);
  const copy = useCallback(async (key: string, value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setLast({ key, ok: true });
    } catch {
      setLast({ key, ok: false });
    }
  }, []);
  const stateOf = (key: string): CopyState => (last?.key !== key ? "idle" : last.ok ? "copied" : "failed");
  return { copy, stateOf };
}

/** What a copy button says in each state; shared by CopyButton and the rows of long tables. */
export function copyButtonText(state: CopyState): string {
  return state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy by hand" : "Copy";
}

/** A lone copy button's icon and text, the text its own polite live region. */
function CopyButtonContent({ state }: { state: CopyState }) {
  return (
    <>
      {state === "copied" ? (
        <Icon name="check" className="size-3.5 text-emerald-800" />
      ) : (
        <Icon name="copy" className="size-3.5" />
      )}
      <span aria-live="polite">{copyButtonText(state)}</span>
    </>
  );
}

export function copyButtonLabel(label: string, state: CopyState): string {
  return state === "copied" ? `${label}: copied` : label;
}

/** Copies `value` to the clipboard and says so ("Copied") for two seconds; tells the user when the browser refuses. */
export function CopyButton({
  value,
  label,
  className,
  size = "sm",
}: {
  value: string;
  label: string;
  className?: string;
  size?: "sm" | "md";
}) {
  const { copy, stateOf } = useClipboard();
  const state = stateOf(value);
  return (
    <button
      type="button"
      onClick={() => void copy(value, value)}
      aria-label={copyButtonLabel(label, state)}
      className={buttonClass("secondary", cn(size === "sm" && "btn-sm", className))}
    >
      <CopyButtonContent state={state} />
    </button>
  );
}
