import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">Your role does not allow this page</h1>
      <p className="text-sm text-slate-600">Ask an admin to give your account the manager role if you need it.</p>
      <Link href="/groups" className={buttonClass("secondary")}>
        Back to groups
      </Link>
    </main>
  );
}
