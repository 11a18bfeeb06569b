/** Figure 4: the local group index at 10,000 groups: a full sync, a search page, the CSV export. */
import { callServerAction, countGroupRows, describeAnswer, timedFetch } from "./http";
import { mb, ms, type Row, ownRow } from "./report";
import { type NextServer, NUMBER, rssMb } from "./stack";
import { sleep, type Spread, spread } from "./stats";

const SYNC_BUDGET_MS = 10_000;
const SEARCH_BUDGET_MS = 50;
const EXPORT_BUDGET_MS = 1_000;
const SYNC_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 100;

/** lib/groups/sync-status.ts, the fields the bench reads. */
interface SyncStatus {
  ready: boolean;
  running: boolean;
  pages: number;
  groupsSeen: number;
  lastSuccessAt: string | null;
  startedAt: string | null;
  lastTotal: number | null;
  lastError: string | null;
}

export interface SyncResult {
  /** from "Sync now" to the status saying it is done, polled every 100 ms */
  wallMs: number;
  /** the server's own account: the walk's start to its success */
  serverMs: number | null;
  pages: number;
  total: number | null;
  rssBeforeMb: number | null;
  rssAfterMb: number | null;
}

async function syncStatus(server: NextServer, cookie: string): Promise<SyncStatus> {
  const answer = await timedFetch(`${server.url}/api/groups/sync?number=${NUMBER}`, { headers: { cookie } });
  if (answer.status !== 200) throw new Error(describeAnswer("GET /api/groups/sync", answer));
  return JSON.parse(answer.body) as SyncStatus;
}

/** "Sync now" (the server action the groups page calls), then polls the sync status until the walk has finished. */
export async function syncIndex(server: NextServer, cookie: string): Promise<SyncResult> {
  const before = await syncStatus(server, cookie);
  if (before.running) throw new Error("an index walk is already running; the bench starts its own");
  const rssBeforeMb = rssMb(server.serverPid);
  const started = performance.now();
  await callServerAction(server.url, cookie, "lib/actions/groups.ts#syncNowAction", { phoneNumberId: NUMBER }, "/groups");
  for (;;) {
    const status = await syncStatus(server, cookie);
    if (status.lastError && !status.running && status.startedAt !== before.startedAt)
      throw new Error(`the index walk failed: ${status.lastError}`);
    if (!status.running && status.lastSuccessAt && status.lastSuccessAt !== before.lastSuccessAt) {
      const wallMs = performance.now() - started;
      const serverMs =
        status.startedAt && status.lastSuccessAt ? Date.parse(status.lastSuccessAt) - Date.parse(status.startedAt) : null;
      return { wallMs, serverMs, pages: status.pages, total: status.lastTotal, rssBeforeMb, rssAfterMb: rssMb(server.serverPid) };
    }
    if (performance.now() - started > SYNC_TIMEOUT_MS) throw new Error("the index walk did not finish within 5 minutes");
    await sleep(POLL_MS);
  }
}

export interface IndexResult {
  sync: SyncResult;
  resync: SyncResult;
  search: { url: string; query: string; pageMs: Spread; rows: number };
  exportCsv: { url: string; ms: Spread; dataRows: number; bytes: number };
}

/** Records of a CSV body (RFC 4180: a quoted field may hold line breaks), header included. */
function csvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  let pending = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n" && !quoted) {
      records += 1;
      pending = false;
      continue;
    }
    if (ch !== "\r") pending = true;
  }
  return records + (pending ? 1 : 0);
}

export async function measureIndexPages(
  server: NextServer,
  cookie: string,
  options: { query: string; samples: number; warmups: number; exportSamples: number; expectedGroups: number },
): Promise<Omit<IndexResult, "sync" | "resync">> {
  const searchUrl = `${server.url}/groups?number=${NUMBER}&q=${encodeURIComponent(options.query)}`;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < options.warmups + options.samples; i++) {
    const page = await timedFetch(searchUrl, { headers: { cookie } });
    if (page.status !== 200) throw new Error(describeAnswer(`GET ${searchUrl}`, page));
    rows = countGroupRows(page.body);
    if (rows === 0) throw new Error(`GET ${searchUrl} found no group: the search is not what the bench expects`);
    if (i >= options.warmups) times.push(page.ms);
  }

  const exportUrl = `${server.url}/api/groups/export?number=${NUMBER}`;
  const exportTimes: number[] = [];
  let dataRows = 0;
  let bytes = 0;
  for (let i = 0; i < 1 + options.exportSamples; i++) {
    const csv = await timedFetch(exportUrl, { headers: { cookie } });
    if (csv.status !== 200) throw new Error(describeAnswer(`GET ${exportUrl}`, csv));
    dataRows = csvRecords(csv.body) - 1;
    bytes = Buffer.byteLength(csv.body);
    if (dataRows !== options.expectedGroups)
      throw new Error(`the CSV export has ${dataRows} data rows, expected ${options.expectedGroups}`);
    if (i > 0) exportTimes.push(csv.ms);
  }
  return {
    search: { url: searchUrl.replace(server.url, ""), query: options.query, pageMs: spread(times), rows },
    exportCsv: { url: exportUrl.replace(server.url, ""), ms: spread(exportTimes), dataRows, bytes },
  };
}

export function indexRows(result: IndexResult, expectedGroups: number): Row[] {
  const { sync, resync, search, exportCsv } = result;
  return [
    ownRow(
      `full sync of ${expectedGroups.toLocaleString("en")} groups (${sync.pages} pages; server's own ${sync.serverMs ?? "?"} ms)`,
      ms(sync.wallMs),
      `< ${SYNC_BUDGET_MS / 1000} s`,
      sync.wallMs < SYNC_BUDGET_MS && sync.total === expectedGroups,
    ),
    ownRow("server RSS before → after the full sync", `${mb(sync.rssBeforeMb)} → ${mb(sync.rssAfterMb)}`, "", null),
    ownRow("sync again, index already built", ms(resync.wallMs), "", null),
    ownRow(
      `search page "${search.query}" (${search.rows} rows shown), p50`,
      ms(search.pageMs.p50),
      `< ${SEARCH_BUDGET_MS} ms`,
      search.pageMs.p50 < SEARCH_BUDGET_MS,
    ),
    ownRow(
      `CSV export, ${exportCsv.dataRows.toLocaleString("en")} rows (${(exportCsv.bytes / 1e6).toFixed(1)} MB), p50`,
      ms(exportCsv.ms.p50),
      `< ${EXPORT_BUDGET_MS / 1000} s`,
      exportCsv.ms.p50 < EXPORT_BUDGET_MS && exportCsv.dataRows === expectedGroups,
    ),
  ];
}
