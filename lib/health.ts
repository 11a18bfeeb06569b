import "server-only";
import { sql } from "kysely";
import { getDb } from "@/lib/db";
import { pendingMigrations } from "@/lib/db/migrations";
import { isStopping } from "@/lib/shutdown";

/** How long /api/ready waits for the database before it says "not ready": a load balancer's probe must not hang. */
const READY_DEADLINE_MS = 2000;

export type Readiness =
  | { ready: true }
  | { ready: false; reason: "stopping" | "database-unreachable" | "migrations-pending" | "timeout"; pending?: number };

/**
 * Whether this instance should receive traffic: the database answers and every migration this build knows is
 * applied, and the server is not stopping. No Graph call, no secret, nothing a caller could learn the setup from.
 */
export async function readiness(): Promise<Readiness> {
  if (isStopping()) return { ready: false, reason: "stopping" };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: "timeout" }), READY_DEADLINE_MS);
  });
  try {
    return await Promise.race([check(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(): Promise<Readiness> {
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    const pending = await pendingMigrations(db);
    return pending === 0 ? { ready: true } : { ready: false, reason: "migrations-pending", pending };
  } catch {
    return { ready: false, reason: "database-unreachable" };
  }
}
