/**
 * Figure 5 (issue 13): two dashboard instances on one PostgreSQL database under 50 signed-in clients, while signed
 * webhook deliveries stream in to both; every delivery must be answered 200 and recorded.
 */
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type WebhookField, webhookEnvelope } from "../emulator/webhooks";
import { countGroupRows, signInMany } from "./http";
import { FLAT_GOAL, heapText, isFlat, type LoadResult, rssText, runLoad, warmUp } from "./load";
import { type Row, ownRow } from "./report";
import { type Emulator, type NextServer, NUMBER, onCleanup, ROOT, SECRETS, startDashboard, stop } from "./stack";
import { sleep } from "./stats";

const CLUSTER_SCRIPT = path.join(ROOT, "scripts", "postgres-cluster.sh");

export interface Postgres {
  url: string;
  /** where the server came from, for the report */
  origin: string;
}

/**
 * BENCH_POSTGRES_URL or TEST_POSTGRES_URL when set; otherwise a throwaway cluster (scripts/postgres-cluster.sh) when
 * Debian's PostgreSQL is installed and this user may run it; otherwise a sentence saying why there is none.
 */
export function findPostgres(): Postgres | { skipped: string } {
  for (const name of ["BENCH_POSTGRES_URL", "TEST_POSTGRES_URL"] as const) {
    const url = process.env[name];
    if (url) return { url, origin: name };
  }
  if (spawnSync(CLUSTER_SCRIPT, ["bin"]).status !== 0)
    return {
      skipped: "BENCH_POSTGRES_URL / TEST_POSTGRES_URL are not set and PostgreSQL is not installed (/usr/lib/postgresql/*/bin)",
    };
  const user = os.userInfo().username;
  if (user !== "root" && user !== "postgres")
    return { skipped: `BENCH_POSTGRES_URL / TEST_POSTGRES_URL are not set, and ${user} cannot run a cluster as postgres` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-postgres-"));
  const stopCluster = () => void spawnSync(CLUSTER_SCRIPT, ["stop", dir], { stdio: "ignore" });
  const started = spawnSync(CLUSTER_SCRIPT, ["start", dir], { encoding: "utf8" });
  if (started.status !== 0) {
    stopCluster();
    return { skipped: `could not start a PostgreSQL cluster: ${started.stderr.trim().split("\n").slice(-3).join(" ")}` };
  }
  onCleanup("stop the PostgreSQL cluster", stopCluster);
  return { url: started.stdout.trim(), origin: `a throwaway cluster (scripts/postgres-cluster.sh) in ${dir}` };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook deliveries as Meta sends them

interface StreamCounts {
  sent: number;
  answered200: number;
  /** status (or "no answer") → count, for everything but 200 */
  other: Record<string, number>;
}

function deliveryFor(seq: number, groupIds: string[]): unknown {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const runTag = SECRETS.verifyToken.slice(0, 6);
  // Alternately a group_create for a request this dashboard never made (kept pending) and a subject change of a group
  // that exists: each item distinct, so none is a duplicate.
  const [field, item]: [WebhookField, object] =
    seq % 2 === 0
      ? [
          "group_lifecycle_update",
          {
            timestamp,
            type: "group_create",
            group_id: `bench-${runTag}-group-${seq}`,
            request_id: `bench-${runTag}-request-${seq}`,
            subject: `Bench group ${seq}`,
            invite_link: `https://chat.whatsapp.com/Bench${runTag}${String(seq).padStart(8, "0")}`,
            join_approval_mode: "auto_approve",
          },
        ]
      : [
          "group_settings_update",
          {
            timestamp,
            type: "group_settings_update",
            group_id: groupIds[seq % groupIds.length],
            request_id: `bench-${runTag}-settings-${seq}`,
            group_subject: { text: `Renamed by bench ${seq}`, update_successful: true },
          },
        ];
  return webhookEnvelope(field, NUMBER, [item]);
}

/** `perSecond` signed deliveries a second, to the targets in turn, until stopped. */
function streamWebhooks(targets: string[], perSecond: number, groupIds: string[]) {
  const counts: StreamCounts = { sent: 0, answered200: 0, other: {} };
  const inFlight = new Set<Promise<void>>();
  const send = (seq: number) => {
    const body = JSON.stringify(deliveryFor(seq, groupIds));
    const signature = `sha256=${createHmac("sha256", SECRETS.appSecret).update(body).digest("hex")}`;
    const target = targets[seq % targets.length]!;
    counts.sent += 1;
    const done = fetch(`${target}/api/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature },
      body,
      signal: AbortSignal.timeout(30_000),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 200) counts.answered200 += 1;
        else counts.other[String(response.status)] = (counts.other[String(response.status)] ?? 0) + 1;
      })
      .catch(() => {
        counts.other["no answer"] = (counts.other["no answer"] ?? 0) + 1;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  let seq = 0;
  const timer = setInterval(() => send(seq++), 1000 / perSecond);
  return {
    counts,
    async stop(): Promise<StreamCounts> {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return counts;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

export interface TwoInstancesResult {
  postgres: string;
  database: string;
  url: string;
  durationS: number;
  a: LoadResult;
  b: LoadResult;
  rps: number;
  errors: number;
  webhooks: StreamCounts & { perSecond: number; recorded: number; byStatus: Record<string, number> };
}

export async function measureTwoInstances(options: {
  postgres: Postgres;
  emulator: Emulator;
  ports: [number, number];
  user: { email: string; password: string };
  prepareDatabase: (databaseUrl: string) => Promise<void>;
  syncIndex: (server: NextServer, cookie: string) => Promise<unknown>;
  durationS: number;
  connectionsEach: number;
  webhooksPerSecond: number;
}): Promise<TwoInstancesResult> {
  const database = `bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = (() => {
    const url = new URL(options.postgres.url);
    url.pathname = `/${database}`;
    return url.toString();
  })();
  await withClient(options.postgres.url, (admin) => admin.query(`create database ${database}`));
  const servers: NextServer[] = [];
  try {
    await options.prepareDatabase(databaseUrl);
    const start = (name: string, port: number) =>
      startDashboard({ name, port, databaseUrl, emulatorUrl: options.emulator.url }).then((server) => {
        servers.push(server);
        return server;
      });
    const [a, b] = await Promise.all([start("dashboard A", options.ports[0]), start("dashboard B", options.ports[1])]);
    const cookiesA = await signInMany(a.url, options.user.email, options.user.password, 3);
    const cookiesB = await signInMany(b.url, options.user.email, options.user.password, 3);
    await options.syncIndex(a, cookiesA[0]!);

    const page = `/groups?number=${NUMBER}`;
    const each = options.connectionsEach;
    await Promise.all([warmUp(`${a.url}${page}`, cookiesA, each), warmUp(`${b.url}${page}`, cookiesB, each)]);

    const listed = (await (
      await fetch(`${options.emulator.url}/v23.0/${NUMBER}/groups?limit=100`, {
        headers: { authorization: `Bearer ${SECRETS.accessToken}` },
      })
    ).json()) as { data: { groups: { id: string }[] } };
    const stream = streamWebhooks(
      [a.url, b.url],
      options.webhooksPerSecond,
      listed.data.groups.map((g) => g.id),
    );
    const load = (server: NextServer, cookies: string[]) =>
      runLoad({
        url: `${server.url}${page}`,
        connections: options.connectionsEach,
        durationS: options.durationS,
        cookies,
        verifyBody: (html) => countGroupRows(html) === 25,
        server,
      });
    const [loadA, loadB] = await Promise.all([load(a, cookiesA), load(b, cookiesB)]);
    const webhooks = await stream.stop();
    await sleep(500);
    const byStatus = await withClient(databaseUrl, async (client) => {
      const { rows } = await client.query<{ status: string; n: number }>(
        "select status, count(*)::int as n from webhook_deliveries group by status order by status",
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    });
    return {
      postgres: options.postgres.origin,
      database,
      url: page,
      durationS: options.durationS,
      a: loadA,
      b: loadB,
      rps: Math.round((loadA.rps + loadB.rps) * 10) / 10,
      errors: loadA.errors + loadB.errors,
      webhooks: {
        ...webhooks,
        perSecond: options.webhooksPerSecond,
        recorded: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
        byStatus,
      },
    };
  } finally {
    await Promise.all(servers.map((server) => stop(server.proc)));
    await withClient(options.postgres.url, (admin) => admin.query(`drop database if exists ${database} with (force)`)).catch(
      (error: unknown) =>
        console.error(`bench: could not drop database ${database}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

export function twoInstanceRows(r: TwoInstancesResult): Row[] {
  const w = r.webhooks;
  return [
    ownRow(
      `A + B, ${r.a.connections} + ${r.b.connections} clients ${r.durationS} s, /groups index: requests/s`,
      `${r.rps.toFixed(1)} (${r.a.rps} + ${r.b.rps})`,
      "",
      null,
    ),
    ownRow(
      "  latency p50 / p97.5, A; B",
      `${r.a.latencyMs.p50} / ${r.a.latencyMs.p97_5}; ${r.b.latencyMs.p50} / ${r.b.latencyMs.p97_5} ms`,
      "",
      null,
    ),
    ownRow("  errors (non-2xx, socket, wrong page)", String(r.errors), "0", r.errors === 0),
    ownRow("  live heap of A after a full GC, before → after", heapText(r.a.memory), FLAT_GOAL, isFlat(r.a.memory)),
    ownRow("  live heap of B after a full GC, before → after", heapText(r.b.memory), FLAT_GOAL, isFlat(r.b.memory)),
    ownRow("  RSS of A; B, start → mid → end", `${rssText(r.a.memory)}; ${rssText(r.b.memory)}`, "", null),
    ownRow(
      `webhooks, ${w.perSecond}/s to A and B in turn: sent / answered 200 / recorded`,
      `${w.sent} / ${w.answered200} / ${w.recorded}`,
      "all 200, 0 lost",
      w.answered200 === w.sent && w.recorded === w.sent,
    ),
  ];
}
