"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { cn } from "@/lib/cn";
import { type GroupsUrlState, pageSizeHref, pageSizeOptions } from "@/lib/url-state/groups";
import { Icon } from "@/components/ui/icon";

export interface PagerLink {
  label: string;
  /** null: shown, but not a link here (no such page, or the current one) */
  href: string | null;
  kind?: "previous" | "next" | "page" | "gap";
  current?: boolean;
}

/**
 * Rows per page, what is shown, and the links to other pages: Previous / Next following Meta's cursors on the live
 * list, or numbered pages with first and last on the index. Previous and Next are prefetched, so they show at once.
 */
export function Pager({
  state,
  summary,
  links,
}: {
  state: Partial<GroupsUrlState> & { limit: number };
  summary: string;
  links: PagerLink[];
}) {
  const router = useRouter();
  const sizes = pageSizeOptions(state.limit);
  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState<number | null>(null);
  // Chosen before React owns the pager, a size would show in the box and load nothing.
  const hydrated = useHydrated();

  function changeSize(size: string) {
    setChosen(Number(size));
    startTransition(() => router.push(pageSizeHref(state, Number(size))));
  }

  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-4">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            value={pending && chosen ? chosen : state.limit}
            disabled={!hydrated}
            onChange={(e) => changeSize(e.target.value)}
            className="min-h-11 rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-slate-900 sm:min-h-0"
          >
            {sizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span aria-live="polite" className="flex items-center gap-1.5" data-testid="pager-summary">
          {pending ? (
            <>
              <Icon name="loader" className="size-4 animate-spin" /> Loading…
            </>
          ) : (
            summary
          )}
        </span>
      </div>
      <ul className="flex flex-wrap items-center gap-1">
        {links.map((link, i) => (
          <li key={`${link.label}-${i}`}>
            <PagerItem link={link} />
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PagerItem({ link }: { link: PagerLink }) {
  if (link.kind === "gap") return <span className="px-1 text-slate-500">…</span>;
  const content = (
    <>
      {link.kind === "previous" && <Icon name="chevron-left" className="size-4" />}
      {link.label}
      {link.kind === "next" && <Icon name="chevron-right" className="size-4" />}
    </>
  );
  const variant = link.kind === "page" ? "ghost" : "secondary";
  if (!link.href || link.current) {
    return (
      <span
        aria-disabled={link.current ? undefined : "true"}
        aria-current={link.current ? "page" : undefined}
        className={cn(
          buttonClass(variant, "min-h-11 sm:min-h-0"),
          link.current ? "bg-emerald-50 text-emerald-900" : "pointer-events-none opacity-50",
        )}
      >
        {content}
      </span>
    );
  }
  return (
    <Link
      href={link.href}
      prefetch={link.kind === "previous" || link.kind === "next" ? true : undefined}
      rel={link.kind === "previous" ? "prev" : link.kind === "next" ? "next" : undefined}
      className={buttonClass(variant, "min-h-11 sm:min-h-0")}
      aria-label={link.kind === "page" ? `Page ${link.label}` : undefined}
    >
      {content}
    </Link>
  );
}
