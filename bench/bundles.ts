/** Figure 1: first-load JavaScript of every page, gzip, from each build's own route-bundle-stats.json. */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { kB, ratio, type Row, verdict } from "./report";
import { BARE_DIR, DIST_DIR, ROOT } from "./stack";

const BUDGET_RATIO = 1.3;
/** The dashboard's pages in the order the table shows them; any other route the build has follows. */
const ROUTE_ORDER = [
  "/groups",
  "/groups/[groupId]",
  "/groups/new",
  "/activity",
  "/requests",
  "/users",
  "/login",
  "/forbidden",
  "/",
  "/_not-found",
];
/** The bare app's page the dashboard's pages are compared with. */
const BARE_ROUTE = "/groups";

export interface RouteJs {
  route: string;
  chunks: number;
  gzipBytes: number;
}

/** First-load JS per route of the build in `projectDir`/`distDir`, gzip-compressed chunk by chunk. */
function firstLoadJs(projectDir: string, distDir: string): RouteJs[] {
  const statsFile = path.join(projectDir, distDir, "diagnostics", "route-bundle-stats.json");
  if (!fs.existsSync(statsFile)) throw new Error(`${path.relative(ROOT, statsFile)} is missing: did the build run?`);
  const stats = JSON.parse(fs.readFileSync(statsFile, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
  const sizes = new Map<string, number>();
  const gzipSize = (chunk: string) => {
    // Paths are written relative to the project (".next/static/…"); accept dist-relative ones too.
    const file = [path.resolve(projectDir, chunk), path.resolve(projectDir, distDir, chunk)].find((f) => fs.existsSync(f));
    if (!file) throw new Error(`chunk ${chunk} listed in ${path.relative(ROOT, statsFile)} does not exist`);
    let size = sizes.get(file);
    if (size === undefined) {
      size = zlib.gzipSync(fs.readFileSync(file)).length;
      sizes.set(file, size);
    }
    return size;
  };
  return stats.map(({ route, firstLoadChunkPaths }) => {
    const chunks = [...new Set(firstLoadChunkPaths)];
    return { route, chunks: chunks.length, gzipBytes: chunks.reduce((sum, chunk) => sum + gzipSize(chunk), 0) };
  });
}

export function measureBundles(): { rows: Row[]; details: { bare: RouteJs; dashboard: RouteJs[] } } {
  const bare = firstLoadJs(BARE_DIR, ".next").find((r) => r.route === BARE_ROUTE);
  if (!bare) throw new Error(`the bare app's build has no ${BARE_ROUTE} in its route-bundle-stats.json`);
  const order = (route: string) => (ROUTE_ORDER.includes(route) ? ROUTE_ORDER.indexOf(route) : ROUTE_ORDER.length);
  const dashboard = firstLoadJs(ROOT, DIST_DIR).sort((a, b) => order(a.route) - order(b.route) || a.route.localeCompare(b.route));
  const missing = ROUTE_ORDER.filter((route) => !dashboard.some((r) => r.route === route));
  if (missing.length > 0) console.warn(`bench: the dashboard's route-bundle-stats.json has no ${missing.join(", ")}`);
  const rows = dashboard.map((r): Row => ({
    figure: `first-load JS ${r.route}`,
    dashboard: kB(r.gzipBytes),
    bare: kB(bare.gzipBytes),
    ratio: ratio(r.gzipBytes, bare.gzipBytes),
    goal: `≤ ${BUDGET_RATIO}x`,
    verdict: verdict(r.gzipBytes <= BUDGET_RATIO * bare.gzipBytes),
  }));
  return { rows, details: { bare, dashboard } };
}
