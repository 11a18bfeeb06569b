"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";

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
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={state === "copied" ? `${label}: copied` : label}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-surface font-medium text-slate-700 hover:bg-slate-100",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600",
        size === "sm" ? "px-2 py-1 text-xs" : "px-3 py-2 text-sm",
        "max-sm:min-h-11 max-sm:px-3",
        className,
      )}
    >
      {state === "copied" ? (
        <Check aria-hidden className="size-3.5 text-emerald-800" />
      ) : (
        <Copy aria-hidden className="size-3.5" />
      )}
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy by hand" : "Copy"}
      </span>
    </button>
  );
}
