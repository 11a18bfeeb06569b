/** A creation request's state, declared once. Plain data: the requests table and the status route share it. */
export const REQUEST_STATUSES = {
  /** the create call is in flight */
  submitting: { label: "Sending", tone: "bg-slate-100 text-slate-700", open: true },
  /** Meta answered with a request ID; the group is not made yet */
  pending: { label: "Pending", tone: "bg-amber-100 text-amber-800", open: true },
  /** the lifecycle webhook reported the group */
  created: { label: "Created", tone: "bg-emerald-100 text-emerald-800", open: false },
  /** the lifecycle webhook reported a failure */
  failed: { label: "Failed", tone: "bg-red-100 text-red-800", open: false },
  /** Meta refused the create call itself (nothing was made) */
  rejected: { label: "Refused by Meta", tone: "bg-red-100 text-red-800", open: false },
  /** the create call went unanswered: Meta may or may not have made the group (a late webhook may still settle it) */
  unconfirmed: { label: "Unconfirmed", tone: "bg-orange-100 text-orange-800", open: false },
  /** the group was made and later deleted (a group_delete lifecycle webhook) */
  deleted: { label: "Deleted", tone: "bg-slate-200 text-slate-700", open: false },
} as const satisfies Record<string, { label: string; tone: string; open: boolean }>;

export type RequestStatus = keyof typeof REQUEST_STATUSES;

/** Still changing: the UI keeps polling while a request is in one of these. */
export function isOpenStatus(status: RequestStatus): boolean {
  return REQUEST_STATUSES[status].open;
}
