"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/lib/cn";
import { withNumber } from "@/lib/url-state/groups";

/** Main navigation; keeps the chosen business number when moving between pages. */
export function NavLinks({ canCreate, isAdmin }: { canCreate: boolean; isAdmin: boolean }) {
  const pathname = usePathname();
  const number = useSearchParams().get("number");
  const links = [
    {
      href: "/groups",
      label: "Groups",
      active: pathname === "/groups" || (pathname.startsWith("/groups/") && pathname !== "/groups/new"),
    },
    { href: "/requests", label: "Requests", active: pathname.startsWith("/requests") },
    ...(canCreate ? [{ href: "/groups/new", label: "New group", active: pathname === "/groups/new" }] : []),
    ...(canCreate ? [{ href: "/activity", label: "Activity", active: pathname === "/activity" }] : []),
    ...(isAdmin ? [{ href: "/users", label: "Users", active: pathname === "/users" }] : []),
  ];
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 md:flex-row">
      {links.map((link) => (
        <Link
          key={link.href}
          href={withNumber(link.href, number)}
          aria-current={link.active ? "page" : undefined}
          className={cn(
            "whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium md:px-2.5 max-md:flex max-md:min-h-11 max-md:items-center max-md:text-base",
            link.active ? "bg-emerald-50 text-emerald-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
          )}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
