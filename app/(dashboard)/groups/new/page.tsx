import type { Metadata } from "next";
import { CreateGroupForm } from "@/components/groups/create-group-form";
import { NoNumbers } from "@/components/groups/no-numbers";
import { requirePageUser } from "@/lib/auth/session";
import { getBusinessNumbers, resolveNumber } from "@/lib/numbers";
import { withNumber } from "@/lib/url-state/groups";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "New group" };

export default withRequestLog(NewGroupPage);

async function NewGroupPage({ searchParams }: { searchParams: Promise<{ number?: string | string[] }> }) {
  const { number: raw } = await searchParams;
  const requested = Array.isArray(raw) ? raw[0] : raw;
  await requirePageUser("manager", withNumber("/groups/new", requested));
  const numbers = getBusinessNumbers();
  const selected = resolveNumber(requested) ?? numbers[0];
  if (!selected) return <NoNumbers />;
  return (
    <section className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">New group</h1>
        <p className="text-sm text-slate-600">
          Meta makes the group a few seconds after you submit. You get a request ID at once; the group and its invite link follow.
        </p>
      </div>
      <CreateGroupForm numbers={numbers} defaultNumber={selected.id} />
    </section>
  );
}
