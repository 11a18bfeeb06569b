import type { Metadata } from "next";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/** Any unknown address, and a group ID that cannot be one. Next's own page styles itself by the system's theme. */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">There is no page at this address</h1>
      <p className="text-sm text-slate-600">The link may be mistyped, or what it pointed to no longer exists.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- next/link here would add its code to every page's first load: this page belongs to the root layout (3.3 kB gzip measured) */}
      <a href="/groups" className={buttonClass("secondary")}>
        Go to groups
      </a>
    </main>
  );
}
