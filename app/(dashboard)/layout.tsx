import Link from "next/link";
import { Suspense } from "react";
import { HydrationMarker } from "@/components/layout/hydration-marker";
import { NavLinks } from "@/components/layout/nav-links";
import { NumberSwitcher } from "@/components/layout/number-switcher";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getBusinessNumbers } from "@/lib/numbers";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser("viewer");
  const numbers = getBusinessNumbers();
  return (
    <div className="min-h-screen">
      <HydrationMarker />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
          <Link href="/groups" className="font-semibold text-emerald-800">
            WhatsApp Groups
          </Link>
          <NavLinks canCreate={hasRole(user.role, "manager")} isAdmin={hasRole(user.role, "admin")} />
          <div className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-2">
            {numbers.length > 1 && (
              <Suspense>
                <NumberSwitcher numbers={numbers} />
              </Suspense>
            )}
            <span className="hidden text-sm text-slate-600 lg:inline" title={user.email}>
              {user.email}{" "}
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{user.role}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
