"use client";

import { ChevronLeft, ChevronRight, Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import { type GroupsUrlState, pageSizeHref, pageSizeOptions } from "@/lib/url-state/groups";

/**
 * Previous / Next follow Meta's cursors. Both links are prefetched with their data, so the next page shows at once.
 */
export function Pager({
  state,
  count,
  previousHref,
  nextHref,
  firstHref,
}: {
  state: Pick<GroupsUrlState, "number" | "limit">;
  count: number;
  previousHref: string | null;
  nextHref: string | null;
  firstHref: string | null;
}) {
  const router = useRouter();
  const limit = state.limit;
  const sizes = pageSizeOptions(limit);

  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState<number | null>(null);

  function changeSize(size: string) {
    setChosen(Number(size));
    startTransition(() => router.push(pageSizeHref(state, Number(size))));
  }

  const disabled = buttonClass("secondary", "pointer-events-none opacity-50");
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-4">
      <div className="flex items-center gap-3 text-sm text-slate-600">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            value={pending && chosen ? chosen : limit}
            onChange={(e) => changeSize(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-slate-900"
          >
            {sizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span aria-live="polite" className="flex items-center gap-1.5">
          {pending ? (
            <>
              <Loader2 aria-hidden className="size-4 animate-spin" /> Loading…
            </>
          ) : (
            `Showing ${count} groups`
          )}
        </span>
      </div>
      <div className="flex items-center gap-2">
        {firstHref && (
          <Link href={firstHref} className={buttonClass("ghost")}>
            First page
          </Link>
        )}
        {previousHref ? (
          <Link href={previousHref} prefetch className={buttonClass("secondary")} rel="prev">
            <ChevronLeft aria-hidden className="size-4" /> Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            <ChevronLeft aria-hidden className="size-4" /> Previous
          </span>
        )}
        {nextHref ? (
          <Link href={nextHref} prefetch className={buttonClass("secondary")} rel="next">
            Next <ChevronRight aria-hidden className="size-4" />
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            Next <ChevronRight aria-hidden className="size-4" />
          </span>
        )}
      </div>
    </nav>
  );
}
