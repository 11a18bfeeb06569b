/**
 * Where the groups table will be while its rows are on their way (Meta's answer, or the route's first render): one
 * element whose background draws the rows, so that a page of 1,024 rows does not first send a thousand placeholders.
 */
export function GroupsTableSkeleton({ rows }: { rows: number }) {
  return (
    <section
      aria-busy="true"
      aria-label="Loading groups"
      className="ui-skeleton-rows animate-pulse rounded-xl border border-slate-200"
      style={{ height: `${rows * 3.25}rem` }}
    />
  );
}
