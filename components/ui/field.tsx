import { cn } from "@/lib/cn";

/** A labelled form control with its hint, counter and error, tied together for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  counter,
  children,
}: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  counter?: { value: number; max: number };
  children: React.ReactNode;
}) {
  const over = counter ? counter.value > counter.max : false;
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-4">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {counter && (
          <span
            id={`${id}-counter`}
            className={cn("text-xs tabular-nums", over ? "font-semibold text-red-800" : "text-slate-500")}
          >
            {counter.value} / {counter.max}
          </span>
        )}
      </div>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} aria-live="polite" className="min-h-0 text-sm text-red-800">
        {error}
      </p>
    </div>
  );
}

/**
 * The props that tie a control to its Field: id, invalid state, the texts that describe it (the hint and counter
 * when the Field shows them, and always the error region) and the input style.
 */
export function controlProps(id: string, error: string | undefined, describedBy: Array<"hint" | "counter"> = []) {
  return {
    id,
    "aria-invalid": !!error,
    "aria-describedby": [...describedBy, "error"].map((part) => `${id}-${part}`).join(" "),
    className: inputClass(!!error),
  };
}

const inputClass = (invalid?: boolean) =>
  cn(
    // On phones: a finger's 44 px, and 16 px text, below which iOS zooms into the page on focus.
    "block w-full rounded-md border bg-surface px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 max-sm:min-h-11 max-sm:text-base",
    "focus:outline-none focus:ring-2 focus:ring-emerald-600",
    invalid ? "border-red-600" : "border-slate-300",
  );
