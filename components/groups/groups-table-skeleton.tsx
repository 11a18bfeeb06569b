/** Where the groups table will be, while its rows are on their way (Meta's answer, or the route's first render). */
export function GroupsTableSkeleton({ rows }: { rows: number }) {
  return (
    <section
      aria-busy="true"
      aria-label="Loading groups"
      className="space-y-px overflow-hidden rounded-xl border border-slate-200 bg-surface"
    >
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex gap-6 px-4 py-4">
          <div className="h-4 w-1/3 animate-pulse rounded bg-slate-200" />
          <div className="h-4 w-1/3 animate-pulse rounded bg-slate-100" />
          <div className="h-4 w-1/6 animate-pulse rounded bg-slate-100" />
        </div>
      ))}
    </section>
  );
}
