import "server-only";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { pruneAudit } from "@/lib/db/audit";
import { acquireJobLease } from "@/lib/db/jobs";
import type { Database } from "@/lib/db/schema";
import { pruneWebhooks } from "@/lib/db/webhooks";
import { logger } from "@/lib/log";

const DAY_MS = 24 * 60 * 60_000;
/** How often the job runs; its lease lasts almost as long, so one instance runs it per period. */
export const RETENTION_PERIOD_MS = 60 * 60_000;

export interface RetentionOutcome {
  ran: boolean;
  auditEntries: number;
  deliveries: number;
  updates: number;
}

/**
 * Deletes what is past its retention: activity entries older than `auditDays` (0 keeps them all), webhook deliveries
 * and their stored updates older than `webhookDays`. The only code that deletes activity entries. Runs once per
 * period across instances (a job lease); returns what it removed, or ran: false when another instance has it.
 */
export async function runRetention(
  db: Kysely<Database>,
  settings: { auditDays: number; webhookDays: number },
  now = new Date(),
): Promise<RetentionOutcome> {
  const leased = await acquireJobLease(
    db,
    "retention",
    randomUUID(),
    new Date(now.getTime() + RETENTION_PERIOD_MS - 60_000),
    now,
  );
  if (!leased) return { ran: false, auditEntries: 0, deliveries: 0, updates: 0 };
  const auditEntries = settings.auditDays > 0 ? await pruneAudit(db, new Date(now.getTime() - settings.auditDays * DAY_MS)) : 0;
  const { deliveries, updates } = await pruneWebhooks(db, new Date(now.getTime() - settings.webhookDays * DAY_MS));
  logger.info({ job: "retention", auditEntries, deliveries, updates }, "Retention job ran");
  return { ran: true, auditEntries, deliveries, updates };
}
