import "server-only";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { countIndexed, recordSeenGroups, removeUnseenGroups } from "@/lib/db/group-index";
import { acquireSyncLease, finishSync, reportSyncProgress } from "@/lib/db/group-sync";
import type { Database } from "@/lib/db/schema";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { type GraphClient, isGraphError } from "@/lib/graph";

/** Meta's largest page: 10 calls for a number's 10,000 groups. */
const SYNC_PAGE_SIZE = 1024;
/** A cursor that expires mid-walk (131059) restarts the walk from the first page, this many times at most. */
const MAX_RESTARTS = 3;
/** Rate limits waited out per walk, and the longest single wait; beyond either the walk fails and says so. */
const MAX_WAITS = 10;
const MAX_WAIT_MS = 15 * 60_000;
const DEFAULT_WAIT_MS = 60_000;

export interface SyncDeps {
  db: Kysely<Database>;
  graph: Pick<GraphClient, "listGroups">;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Asked before each page: true stops the walk there (the server is stopping); nothing is removed. */
  shouldStop?: () => boolean;
}

export type SyncOutcome =
  | { status: "done"; total: number; removed: number; pages: number }
  | { status: "busy" }
  | { status: "lost-lease"; pages: number }
  | { status: "failed"; error: string; pages: number; groupsSeen: number };

/**
 * Walks Meta's list of a number's groups page by page (reads retried as every read is) and records each page in the
 * index. A complete walk then removes the groups Meta no longer lists; a walk that fails halfway removes nothing and
 * says where it stopped. Only one instance walks a number at a time (a lease in the database); a run that loses its
 * lease (it stalled and another took over) stops without touching anything more.
 */
class SyncStopped extends Error {
  constructor() {
    super("The dashboard server was stopping");
  }
}

export async function syncNumber(deps: SyncDeps, phoneNumberId: string, pageSize = SYNC_PAGE_SIZE): Promise<SyncOutcome> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { db, graph } = deps;
  const runId = randomUUID();
  const startedAt = now();
  if (!(await acquireSyncLease(db, phoneNumberId, runId, startedAt))) return { status: "busy" };

  let pages = 0;
  let seen = 0;
  let restarts = 0;
  let waits = 0;
  let after: string | undefined;
  try {
    for (;;) {
      if (deps.shouldStop?.()) throw new SyncStopped();
      let page;
      try {
        page = await graph.listGroups(phoneNumberId, { limit: pageSize, after });
      } catch (error) {
        if (isGraphError(error) && error.kind === "invalid-cursor" && after && restarts < MAX_RESTARTS) {
          restarts += 1;
          after = undefined;
          pages = 0;
          seen = 0;
          continue;
        }
        if (isGraphError(error) && error.kind === "rate-limited" && waits < MAX_WAITS) {
          const wait = error.retryAfterSeconds === null ? DEFAULT_WAIT_MS : error.retryAfterSeconds * 1000;
          if (wait <= MAX_WAIT_MS) {
            waits += 1;
            const until = new Date(now().getTime() + wait);
            if (!(await reportSyncProgress(db, phoneNumberId, runId, { pages, groupsSeen: seen, waitingUntil: until }, now())))
              return { status: "lost-lease", pages };
            await sleep(wait);
            continue;
          }
        }
        throw error;
      }
      await recordSeenGroups(db, phoneNumberId, page.groups, runId, now());
      pages += 1;
      seen += page.groups.length;
      if (!(await reportSyncProgress(db, phoneNumberId, runId, { pages, groupsSeen: seen }, now())))
        return { status: "lost-lease", pages };
      if (!page.hasNext || !page.cursors.after) break;
      after = page.cursors.after;
    }
    const removed = await removeUnseenGroups(db, phoneNumberId, runId, startedAt);
    const total = await countIndexed(db, phoneNumberId);
    await finishSync(db, phoneNumberId, runId, { ok: true, total }, now());
    return { status: "done", total, removed, pages };
  } catch (error) {
    const title = error instanceof SyncStopped ? error.message : toUserFacingError(error).title;
    const message = `${title}. Stopped after ${pages} page${pages === 1 ? "" : "s"} (${seen.toLocaleString("en")} groups); nothing was removed from the index.`;
    await finishSync(db, phoneNumberId, runId, { ok: false, error: message }, now()).catch(() => undefined);
    return { status: "failed", error: message, pages, groupsSeen: seen };
  }
}
