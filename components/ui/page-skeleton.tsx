/** A page on its way: a heading's bar and a block where its content will be, announced by `label`. */
export function PageSkeleton({ label, headingClass, bodyClass }: { label: string; headingClass: string; bodyClass: string }) {
  return (
    <section aria-busy="true" aria-label={label} className="space-y-6">
      <div className={`h-8 animate-pulse rounded bg-slate-200 ${headingClass}`} />
      <div className={`animate-pulse rounded-xl border border-slate-200 bg-surface ${bodyClass}`} />
    </section>
  );
}
