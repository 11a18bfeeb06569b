import { CopyButton } from "./copy-button";

/**
 * A long opaque ID as text: Meta's group IDs share a long prefix, so a long one is shown as its start and its end (the
 * part that differs); screen readers and the tooltip get it whole. A plain function: long tables call it per row, with
 * `styled` false when the table styles it from its cells (the groups table, app/globals.css).
 */
export function idElement(value: string, styled = true): React.ReactElement {
  const short = value.length > 26 ? `${value.slice(0, 8)}…${value.slice(-12)}` : value;
  return (
    <code className={styled ? "ui-id" : undefined} title={value}>
      <span aria-hidden="true">{short}</span>
      <span className={styled ? "sr-only" : undefined}>{value}</span>
    </code>
  );
}

/** A long opaque ID (group, request) with a Copy button. */
export function CopyableId({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      {idElement(value)}
      <CopyButton value={value} label={label} />
    </div>
  );
}
