import { cn } from "@/lib/cn";
import { Icon } from "./icon";

const tones = {
  info: { box: "border-sky-200 bg-sky-50 text-sky-900", icon: "info" },
  warning: { box: "border-amber-300 bg-amber-50 text-amber-900", icon: "warning" },
  error: { box: "border-red-300 bg-red-50 text-red-900", icon: "x-circle" },
} as const;

export function Alert({
  tone = "info",
  title,
  children,
  action,
  className,
}: {
  tone?: keyof typeof tones;
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  const { box, icon } = tones[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("flex gap-3 rounded-lg border p-4", box, className)}>
      <Icon name={icon} className="mt-0.5 size-5" />
      <div className="min-w-0 flex-1 space-y-1 text-sm">
        <p className="font-semibold">{title}</p>
        {children && <div>{children}</div>}
        {action && <div className="pt-2">{action}</div>}
      </div>
    </div>
  );
}
