"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { InviteLinkPanel } from "@/components/invite/invite-link-panel";
import { QueryProvider } from "@/components/providers/query-provider";
import { CopyButton } from "@/components/ui/copy-button";
import { fetchRequestUpdates } from "@/components/requests/live-requests";
import { StatusBadge } from "@/components/requests/requests-table";
import { SignInAgainLink } from "@/components/ui/action-failure";
import type { CreatedRequest } from "@/lib/groups/create-outcome";
import { SignedOutError } from "@/lib/requests/live";
import { isOpenStatus } from "@/lib/requests/status";
import { Icon } from "@/components/ui/icon";

/**
 * Shows the request ID at once, then follows the request until Meta reports the group (or its failure).
 * Loaded after the first successful submit, so the form page does not ship React Query up front.
 */
export default function CreatedConfirmation(props: { created: CreatedRequest; onCreateAnother: () => void }) {
  return (
    <QueryProvider>
      <FollowedRequest {...props} />
    </QueryProvider>
  );
}

function FollowedRequest({ created, onCreateAnother }: { created: CreatedRequest; onCreateAnother: () => void }) {
  const { data, error } = useQuery({
    queryKey: ["request", created.id],
    queryFn: async () => (await fetchRequestUpdates([created.id]))[0] ?? null,
    refetchInterval: (query) => (query.state.data && !isOpenStatus(query.state.data.status) ? false : 1000),
  });
  const status = data?.status ?? "pending";
  const failed = status === "failed" || status === "rejected";
  const heading =
    status === "created"
      ? {
          title: "Group created",
          text: <>&ldquo;{data?.subject ?? created.subject}&rdquo; exists. People join it through its invite link.</>,
        }
      : failed
        ? {
            title: "Meta could not create the group",
            text: <>Nothing was made. The reason Meta gave is below; fix it and create the group again.</>,
          }
        : {
            title: "Request sent to Meta",
            text: (
              <>
                &ldquo;{created.subject}&rdquo; is being created. Keep the request ID: it identifies this group until Meta reports
                it made.
              </>
            ),
          };
  return (
    <div className={`space-y-5 rounded-xl border bg-surface p-6 shadow-sm ${failed ? "border-red-200" : "border-emerald-200"}`}>
      <div className="flex items-start gap-3">
        {failed ? (
          <Icon name="x-circle" className="mt-0.5 size-6 text-red-800" />
        ) : (
          <Icon name="check-circle" className="mt-0.5 size-6 text-emerald-800" />
        )}
        <div>
          <h2 className="text-lg font-semibold">{heading.title}</h2>
          <p className="text-sm text-slate-600">{heading.text}</p>
        </div>
      </div>
      {created.answer !== "sent" && (
        <p
          role="status"
          data-testid="earlier-attempt"
          className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900"
        >
          {created.answer === "confirmed-late"
            ? "Meta did not answer your first attempt in time but has reported it since: this is that request. No second group was made."
            : "This form was already sent: this is that request. No second group was made."}
        </p>
      )}
      <div className="rounded-lg bg-slate-50 p-4">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Request ID</p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <code data-testid="request-id" className="break-all font-mono text-lg font-semibold text-slate-900">
            {created.requestId}
          </code>
          <CopyButton value={created.requestId} label="Copy request ID" size="md" />
        </div>
        <p className="mt-3 flex items-center gap-2 text-sm text-slate-600" aria-live="polite" data-testid="request-status">
          Status: <StatusBadge status={status} />
          {isOpenStatus(status) && (
            <>
              <Icon name="loader" className="size-3.5 animate-spin" /> waiting for Meta to make the group…
            </>
          )}
        </p>
        {error instanceof SignedOutError && (
          <p className="mt-2 text-xs text-amber-800">
            You were signed out, so this status stopped updating: <SignInAgainLink />.
          </p>
        )}
        {data?.stale && isOpenStatus(status) && (
          <p className="mt-2 text-xs text-amber-800">
            This is taking longer than usual. Check that the webhook is registered with Meta and subscribed to
            group_lifecycle_update.
          </p>
        )}
      </div>
      {status === "created" && data?.inviteLink && <InviteLinkPanel inviteLink={data.inviteLink} subject={data.subject} />}
      {failed && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          {data?.error ?? "Meta reported a failure without a reason."}
        </p>
      )}
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
