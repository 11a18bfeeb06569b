import Link from "next/link";
import { Suspense } from "react";
import { HeaderMenu } from "@/components/layout/header-menu";
import { NavLinks } from "@/components/layout/nav-links";
import { NumberSwitcher } from "@/components/layout/number-switcher";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { ThemeSwitcher } from "@/components/layout/theme-switcher";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getBusinessNumbers } from "@/lib/numbers";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser("viewer");
  const numbers = getBusinessNumbers();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-surface focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-surface">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3 md:items-start">
          <Link href="/groups" className="flex min-h-11 items-center font-semibold text-emerald-800 md:min-h-10">
            WhatsApp Groups
          </Link>
          <HeaderMenu>
            <NavLinks canCreate={hasRole(user.role, "manager")} isAdmin={hasRole(user.role, "admin")} />
            <div className="flex flex-col gap-4 md:ml-auto md:flex-row md:items-center md:gap-x-3">
              {numbers.length > 1 && (
                <Suspense>
                  <NumberSwitcher numbers={numbers} />
                </Suspense>
              )}
              <span className="flex min-w-0 items-center gap-1.5 text-sm text-slate-600 md:hidden lg:flex">
                <span className="truncate lg:max-w-40" title={user.email}>
                  {user.email}
                </span>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{user.role}</span>
              </span>
              <ThemeSwitcher className="max-md:flex" />
              <SignOutButton />
            </div>
          </HeaderMenu>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
