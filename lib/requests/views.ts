import "server-only";
import type { CreationRequest } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { getBusinessNumbers } from "@/lib/numbers";
import { type RequestView, toRequestView } from "./live";

/** Rows as the UI shows them, with this dashboard's number labels and pending-warning time. */
export function requestViews(rows: CreationRequest[], now = new Date()): RequestView[] {
  const numberLabels = new Map(getBusinessNumbers().map((n) => [n.id, n.label]));
  return rows.map((row) => toRequestView(row, { now, warnAfterSeconds: env.REQUEST_PENDING_WARN_AFTER_SECONDS, numberLabels }));
}
