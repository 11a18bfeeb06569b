"use client";

import { useTheme } from "next-themes";
import { useHydrated } from "@/components/ui/use-hydrated";
import { cn } from "@/lib/cn";
import { Icon } from "@/components/ui/icon";

const THEMES = [
  { value: "light", label: "Light", icon: "sun" },
  { value: "dark", label: "Dark", icon: "moon" },
  { value: "system", label: "System", icon: "monitor" },
] as const;

/**
 * Light, dark or the system's choice, remembered in this browser (localStorage, read before first paint by the
 * script next-themes puts at the top of <body>). The server cannot know the choice, so which one is pressed shows
 * once the page is interactive.
 */
export function ThemeSwitcher({ className }: { className?: string }) {
  const { theme, setTheme } = useTheme();
  const hydrated = useHydrated();
  return (
    <div
      role="group"
      aria-label="Theme"
      className={cn("inline-flex gap-0.5 rounded-lg border border-slate-300 p-0.5", className)}
    >
      {THEMES.map(({ value, label, icon }) => (
        <button
          key={value}
          type="button"
          title={`${label} theme`}
          aria-pressed={hydrated ? (theme ?? "system") === value : undefined}
          onClick={() => setTheme(value)}
          className={cn(
            "inline-flex items-center justify-center gap-1.5 rounded-md p-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            "max-md:min-h-11 max-md:min-w-11 max-md:flex-1 max-md:px-3",
            "aria-pressed:bg-emerald-50 aria-pressed:text-emerald-800",
          )}
        >
          <Icon name={icon} className="size-4" />
          <span className="sr-only max-md:not-sr-only">{label}</span>
        </button>
      ))}
    </div>
  );
}
