import "server-only";
import { authSecret } from "@/lib/auth/secret";
import { logger } from "@/lib/log";

export async function checkStartupConfiguration(): Promise<void> {
  try {
    if (!authSecret()) {
      fail("NEXTAUTH_SECRET is not set. Production needs a random secret of at least 16 characters (openssl rand -base64 32).");
    }
    // Parsing the environment validates every variable; opening the database applies migrations.
    const { env } = await import("@/lib/env");
    if (env.WHATSAPP_PHONE_NUMBER_IDS.length === 0) {
      logger.warn("WHATSAPP_PHONE_NUMBER_IDS is empty: the dashboard has no business numbers to show.");
    }
    if (env.NODE_ENV === "production") {
      // Graph settings (base URL, version, timeout, token) are checked now rather than on the first page view.
      const { readGraphConfig } = await import("@/lib/graph/config");
      readGraphConfig();
    }
    const { getDb } = await import("@/lib/db");
    await getDb();
    const { scheduleRetention } = await import("@/lib/jobs/schedule");
    scheduleRetention({ auditDays: env.AUDIT_RETENTION_DAYS, webhookDays: env.WEBHOOK_RETENTION_DAYS });
    if (env.GROUP_SYNC_INTERVAL_MINUTES > 0 && env.WHATSAPP_PHONE_NUMBER_IDS.length > 0) {
      const { scheduleSyncs } = await import("@/lib/groups/sync-runner");
      scheduleSyncs(env.GROUP_SYNC_INTERVAL_MINUTES);
    }
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

/** One JSON line for the log collector and the same sentence, plain, on stderr for whoever started the server. */
function fail(line: string): never {
  logger.fatal(`Cannot start the dashboard: ${line}`);
  console.error(`Cannot start the dashboard: ${line}`);
  process.exit(1);
}
