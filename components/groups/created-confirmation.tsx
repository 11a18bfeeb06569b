"use client";

import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import type { CreatedRequest } from "@/app/(dashboard)/groups/new/actions";
import { Button, buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

export function CreatedConfirmation({ created, onCreateAnother }: { created: CreatedRequest; onCreateAnother: () => void }) {
  return (
    <div role="status" className="space-y-5 rounded-xl border border-emerald-200 bg-white p-6 shadow-sm">
      <div className="flex items-start gap-3">
        <CheckCircle2 aria-hidden className="mt-0.5 size-6 shrink-0 text-emerald-700" />
        <div>
          <h2 className="text-lg font-semibold">Request sent to Meta</h2>
          <p className="text-sm text-slate-600">
            &ldquo;{created.subject}&rdquo; is being created. Keep the request ID: it identifies this group until Meta reports it made.
          </p>
        </div>
      </div>
      <div className="rounded-lg bg-slate-50 p-4">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Request ID</p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <code data-testid="request-id" className="break-all font-mono text-lg font-semibold text-slate-900">
            {created.requestId}
          </code>
          <CopyButton value={created.requestId} label="Copy request ID" size="md" />
        </div>
        <p className="mt-3 text-sm text-slate-600">
          Status: <span className="font-medium text-amber-700">Pending</span>
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Link href="/requests" className={buttonClass("secondary")}>
          See all requests
        </Link>
        <Button variant="ghost" onClick={onCreateAnother}>
          Create another group
        </Button>
      </div>
    </div>
  );
}
