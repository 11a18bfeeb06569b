"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { cn } from "@/lib/cn";
import { Icon } from "@/components/ui/icon";

/**
 * The header's navigation, number switcher, theme and account. From `md` up they sit in the header row; below it
 * (phones) they fold behind a Menu button, a disclosure that opens them below the header row. Choosing a link closes
 * it (the menu belongs to the page it was opened on); Escape closes it and puts focus back on the button.
 */
export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const here = `${usePathname()}?${useSearchParams().toString()}`;
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === here;
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div
      className="contents"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpenOn(null);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="header-menu"
        onClick={() => setOpenOn(open ? null : here)}
        className="ml-auto inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 md:hidden"
      >
        {open ? <Icon name="x" className="size-5" /> : <Icon name="menu" className="size-5" />}
        Menu
      </button>
      <div
        id="header-menu"
        className={cn(
          "w-full flex-col gap-4 border-t border-slate-200 pt-3 md:flex md:w-auto md:flex-1 md:flex-row md:flex-wrap md:items-center md:gap-x-4 md:gap-y-3 md:border-0 md:pt-0",
          open ? "flex" : "hidden",
        )}
      >
        {children}
      </div>
    </div>
  );
}
