/** A group's page on its way (the groups list's skeleton would say "Loading groups"). */
export default function Loading() {
  return (
    <section aria-busy="true" aria-label="Loading the group" className="space-y-6">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-48 animate-pulse rounded-xl border border-slate-200 bg-surface" />
    </section>
  );
}
