import { cn } from "@/lib/cn";

/**
 * The dashboard's icons (Lucide's), drawn by CSS: @iconify/tailwind4 turns each class below into a mask of the icon's
 * SVG in the stylesheet, which the browser downloads once and caches. A page carries an empty <span> per icon instead
 * of its SVG, and the server renders no icon components at all. They take the colour of the text around them.
 *
 * The class names are spelled out whole so that Tailwind finds them in this file.
 */
const ICONS = {
  check: "icon-[lucide--check]",
  "check-circle": "icon-[lucide--circle-check]",
  "chevron-left": "icon-[lucide--chevron-left]",
  "chevron-right": "icon-[lucide--chevron-right]",
  clock: "icon-[lucide--clock]",
  copy: "icon-[lucide--copy]",
  download: "icon-[lucide--download]",
  "external-link": "icon-[lucide--external-link]",
  info: "icon-[lucide--info]",
  link: "icon-[lucide--link-2]",
  loader: "icon-[lucide--loader-circle]",
  "log-out": "icon-[lucide--log-out]",
  menu: "icon-[lucide--menu]",
  monitor: "icon-[lucide--monitor]",
  moon: "icon-[lucide--moon]",
  "qr-code": "icon-[lucide--qr-code]",
  refresh: "icon-[lucide--refresh-cw]",
  search: "icon-[lucide--search]",
  sun: "icon-[lucide--sun]",
  warning: "icon-[lucide--triangle-alert]",
  x: "icon-[lucide--x]",
  "x-circle": "icon-[lucide--circle-x]",
} as const;

export type IconName = keyof typeof ICONS;

/**
 * An icon beside text that says the same thing: hidden from screen readers. Give it a `label` only when it stands
 * alone (a spinner with no text next to it); it is then announced as an image with that name.
 */
export function Icon({ name, className, label }: { name: IconName; className?: string; label?: string }) {
  return label ? (
    <span role="img" aria-label={label} className={cn(ICONS[name], "shrink-0", className)} />
  ) : (
    <span aria-hidden="true" className={cn(ICONS[name], "shrink-0", className)} />
  );
}
