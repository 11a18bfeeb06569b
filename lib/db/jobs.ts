import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * Takes the named job's lease until `until` for `owner`, unless another owner holds one that has not run out: one
 * conditional UPDATE, so instances racing for it cannot both win. Returns whether this owner now holds it.
 */
export async function acquireJobLease(
  db: Kysely<Database>,
  name: string,
  owner: string,
  until: Date,
  now = new Date(),
): Promise<boolean> {
  await db
    .insertInto("job_leases")
    .values({ name, owner: null, lease_until: null, last_run_at: null })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const result = await db
    .updateTable("job_leases")
    .set({ owner, lease_until: until.toISOString(), last_run_at: now.toISOString() })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
