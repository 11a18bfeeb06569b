"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { switchNumberHref } from "@/lib/url-state/groups";
import { Icon } from "@/components/ui/icon";
import { useHydrated } from "@/components/ui/use-hydrated";

/** Picks the business number; the choice lives in the URL (?number=) so it can be bookmarked and shared. */
export function NumberSwitcher({ numbers }: { numbers: { id: string; label: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = useSearchParams().get("number") ?? numbers[0]?.id ?? "";
  const [chosen, setChosen] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // Chosen before React owns the header, a number would show in the box and load nothing.
  const hydrated = useHydrated();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600 max-md:justify-between">
      {/* Shown in the phone menu; in the header row the select's own text says what it is, and the row has no room. */}
      <span className="md:sr-only">Number</span>
      <select
        value={pending && chosen ? chosen : current}
        disabled={!hydrated}
        onChange={(e) => {
          setChosen(e.target.value);
          startTransition(() => router.push(switchNumberHref(pathname, e.target.value)));
        }}
        className="max-w-[14rem] rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm text-slate-900 max-md:min-h-11 max-md:max-w-none max-md:flex-1"
      >
        {numbers.map((n) => (
          <option key={n.id} value={n.id} title={n.id}>
            {n.label === n.id ? n.id : `${n.label} (…${n.id.slice(-4)})`}
          </option>
        ))}
      </select>
      {pending && <Icon name="loader" label="Loading" className="size-4 animate-spin" />}
    </label>
  );
}
