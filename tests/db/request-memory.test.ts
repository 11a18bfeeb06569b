import { sql } from "kysely";
import { expect, it } from "vitest";
import { captureStartupContext } from "@/lib/startup-context";
import { freshDb } from "../support/db";
import { requestOutlives } from "../support/retention";

// As instrumentation.ts does when the server starts, before any request.
captureStartupContext();

it("queries keep nothing of the request that made them, though their pooled connections stay open", async () => {
  const db = await freshDb();
  try {
    // Outside any request first: Kysely sets itself up once, on the first query, and that belongs to no request.
    await sql`select 1 as one`.execute(db);
    // Two at once: on PostgreSQL the second opens a new connection, inside the request. Both stay in the pool.
    const twoAtOnce = () => Promise.all([sql`select 1 as one`.execute(db), sql`select 2 as two`.execute(db)]);
    expect(await requestOutlives(twoAtOnce, { collections: 1 })).toBe(false);
    // The connections the pool keeps serve the next request, and keep nothing of it either.
    expect(await requestOutlives(twoAtOnce, { collections: 1 })).toBe(false);
  } finally {
    await db.destroy();
  }
});
