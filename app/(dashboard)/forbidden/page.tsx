import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { isRole } from "@/lib/auth/roles";

export const metadata = { title: "Not allowed" };

const WHAT: Record<string, string> = {
  manager: "creating and managing groups",
  admin: "managing users",
};

/** Where a signed-in user lands when their role is below what a page needs (the layout still checks the session). */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string | string[] }> }) {
  const raw = (await searchParams).need;
  const need = Array.isArray(raw) ? raw[0] : raw;
  const role = isRole(need) && need !== "viewer" ? need : null;
  return (
    <section className="mx-auto max-w-md space-y-4 py-16 text-center">
      <h1 className="text-xl font-semibold">Your role does not allow this page</h1>
      <p className="text-sm text-slate-600">
        {role
          ? `This page is for ${role}s (${WHAT[role]}). Ask an admin to give your account the ${role} role if you need it.`
          : "Ask an admin for a role that allows it if you need it."}
      </p>
      <Link href="/groups" className={buttonClass("secondary")}>
        Back to groups
      </Link>
    </section>
  );
}
