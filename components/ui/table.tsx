import { cn } from "@/lib/cn";

/** A column of a Table. */
export interface Column {
  /** the column's name: its header, and what screen readers announce with each of its cells */
  label: string;
  /** shown in the header instead of the label (a sort link); the one part of the header row phones keep */
  control?: React.ReactElement;
  /** a column of row actions: its name is for screen readers only */
  hideLabel?: boolean;
}

/**
 * The dashboard's table frame: a captioned table with a header row. Rows are the children, built from Row and Cell.
 *
 * Below `sm` (phones) every row is a card instead: cells stack, each after its column's name (Cell's `label`), so
 * nothing needs sideways scrolling, and the header row keeps only its controls (sort links). `display: block` drops
 * a table's semantics in some browsers, so the ARIA roles are spelled out for screen readers.
 */
export function Table({
  caption,
  columns,
  className,
  bodyEvents,
  children,
}: {
  caption: string;
  columns: Column[];
  /** on the table element: a long table styles its rows and cells from here (the groups table's `ui-groups`) */
  className?: string;
  /** on the table body: a long table handles its rows' events here, once, rather than in every row */
  bodyEvents?: Pick<React.ComponentProps<"tbody">, "onClick" | "onMouseOver" | "onFocus">;
  children: React.ReactNode;
}) {
  const phoneHeader = columns.some((c) => c.control !== undefined);
  return (
    <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-surface">
      <table role="table" className={cn("min-w-full divide-y divide-slate-200 text-sm max-sm:block", className)}>
        <caption className="sr-only">{caption}</caption>
        <thead
          role="rowgroup"
          className={cn(
            "bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600",
            phoneHeader ? "max-sm:block max-sm:rounded-t-xl" : "max-sm:hidden",
          )}
        >
          <tr role="row" className="max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-x-4 max-sm:px-4">
            {columns.map((column) => (
              <th
                key={column.label}
                role="columnheader"
                scope="col"
                className={cn("px-4 py-3 max-sm:px-0 max-sm:py-0", !column.control && "max-sm:hidden")}
              >
                {column.control ?? (column.hideLabel ? <span className="sr-only">{column.label}</span> : column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="divide-y divide-slate-100 max-sm:block" {...bodyEvents}>
          {children}
        </tbody>
      </table>
    </div>
  );
}

export function Row({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr role="row" className={cn("ui-row", className)} {...props} />;
}

/**
 * One cell. `label`: its column's name, shown before it on a phone's card; leave it out for the cell that titles the
 * card and for the actions. Row and Cell classes live in app/globals.css (`ui-row`, `ui-cell`): every row repeats them.
 */
export function Cell({ label, className, ...props }: React.ComponentProps<"td"> & { label?: string }) {
  return <td role="cell" data-label={label} className={cn("ui-cell", className)} {...props} />;
}
