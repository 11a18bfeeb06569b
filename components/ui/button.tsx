import { cn } from "@/lib/cn";

type Variant = "primary" | "secondary" | "ghost" | "danger" | "danger-ghost";

/**
 * A button's classes: `btn` and its variant, named once in app/globals.css (a row of a long table repeats them), then
 * whatever the caller adds (utilities win over them; `btn-sm` is the compact size of table rows).
 */
export function buttonClass(variant: Variant = "primary", className?: string) {
  return cn("btn", `btn-${variant}`, className);
}

export function Button({
  variant = "primary",
  className,
  type = "button",
  ...props
}: React.ComponentProps<"button"> & { variant?: Variant }) {
  return <button type={type} className={buttonClass(variant, className)} {...props} />;
}
