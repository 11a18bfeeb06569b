import { CopyButton } from "./copy-button";

/** A long opaque ID (group, request): shown truncated in monospace, whole in its tooltip, with a Copy button. */
export function CopyableId({ value, label }: { value: string; label: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="max-w-[15rem] truncate font-mono text-xs text-slate-700" title={value}>
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
