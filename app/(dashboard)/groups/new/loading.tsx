/** The create form on its way (the groups list's skeleton would say "Loading groups"). */
export default function Loading() {
  return (
    <section aria-busy="true" aria-label="Loading the form" className="space-y-6">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-96 max-w-2xl animate-pulse rounded-xl border border-slate-200 bg-surface" />
    </section>
  );
}
