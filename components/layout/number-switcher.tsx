"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

/** Picks the business number; the choice lives in the URL (?number=) so it can be bookmarked and shared. */
export function NumberSwitcher({ numbers }: { numbers: { id: string; label: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = useSearchParams().get("number") ?? numbers[0]?.id ?? "";
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>Number</span>
      <select
        value={current}
        onChange={(e) => {
          // A cursor belongs to one number: switching starts from that number's first page.
          const params = new URLSearchParams({ number: e.target.value });
          router.push(`${pathname}?${params.toString()}`);
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
      >
        {numbers.map((n) => (
          <option key={n.id} value={n.id}>
            {n.label === n.id ? n.id : `${n.label} (${n.id})`}
          </option>
        ))}
      </select>
    </label>
  );
}
