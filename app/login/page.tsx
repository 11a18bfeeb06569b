import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { ThemeSwitcher } from "@/components/layout/theme-switcher";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/session";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

type Params = Record<string, string | string[] | undefined>;

/** The only page open to the public. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const first = (key: string) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const requested = safeCallbackPath(first("callbackUrl"));
  // Back to the login page after signing in would be a loop.
  const target = requested === "/login" || requested.startsWith("/login?") ? DEFAULT_AFTER_SIGN_IN : requested;
  if (await getCurrentUser()) redirect(target);
  return (
    <main className="relative flex min-h-screen items-center justify-center px-4 py-20">
      <ThemeSwitcher className="absolute right-4 top-4" />
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-surface p-6 shadow-sm sm:p-8">
        <div className="space-y-1">
          <h1 className="text-xl font-semibold">WhatsApp Groups</h1>
          <p className="text-sm text-slate-600">Sign in to manage your business numbers&apos; groups.</p>
        </div>
        <LoginForm callbackUrl={target} initialError={signInErrorMessage(first("error"), "url")} />
      </div>
    </main>
  );
}
