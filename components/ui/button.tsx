import { cn } from "@/lib/cn";

type Variant = "primary" | "secondary" | "ghost" | "danger" | "danger-ghost";

const variants: Record<Variant, string> = {
  // Fills darken on hover with a filter rather than a darker step: 800 is a text colour and turns light in the dark
  // theme (app/globals.css).
  primary: "bg-emerald-700 text-white hover:brightness-90 disabled:bg-emerald-700/50 disabled:brightness-100",
  secondary: "border border-slate-300 bg-surface text-slate-800 hover:bg-slate-100 disabled:text-slate-400",
  ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400",
  danger: "bg-red-700 text-white hover:brightness-90 disabled:bg-red-700/50 disabled:brightness-100",
  "danger-ghost": "text-red-800 hover:bg-red-50 disabled:text-red-300",
};

export function buttonClass(variant: Variant = "primary", className?: string) {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium transition-colors",
    // A finger needs 44 px (WCAG 2.5.5); a mouse does not, so desktops keep the compact size.
    "max-sm:min-h-11 max-sm:min-w-11",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600 disabled:cursor-not-allowed",
    variants[variant],
    className,
  );
}

export function Button({
  variant = "primary",
  className,
  type = "button",
  ...props
}: React.ComponentProps<"button"> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}
