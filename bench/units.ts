/**
 * Figure 6: timings the unit tests used to bound and no longer do (a unit test asserts behaviour, not speed): a
 * 1000-update webhook delivery applied on SQLite, the emulator's injected latency, paging 10,000 groups, and the Graph
 * client's retry waits. All in this process, on an emulator of its own, before any server runs.
 */
import type { Insertable, Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { startEmulator } from "../emulator/server";
import { webhookEnvelope } from "../emulator/webhooks";
import { ControlClient } from "../emulator/control-client";
import { ms, type Row, ownRow } from "./report";
import { type Spread, spread, timed } from "./stats";

const PHONE = "106540352242922";
const TOKEN = "bench-units-token";

export interface UnitsResult {
  webhookDelivery: { coldMs: number; coldCpuMs: number; warmMs: Spread; warmCpuMs: Spread; replayMs: Spread };
  emulatorLatency: { injectedMs: number; addedMs: Spread; plainMs: Spread };
  emulatorPaging: { groups: number; limit: number; walkMs: Spread };
  retryBackoff: { baseMs: number; retries: number; elapsedMs: Spread };
  retryAfterRefused: { elapsedMs: Spread };
  timeout: { timeoutMs: number; latencyMs: number; elapsedMs: Spread };
}

// ---------------------------------------------------------------------------------------------------------------
// A 1000-update delivery (tests/webhooks/process.test.ts "volume"): 900 creates and 100 failures of known requests.

function requestRow(requestId: string, i: number): Insertable<Database["creation_requests"]> {
  const now = new Date().toISOString();
  return {
    idempotency_key: `k-${requestId}`,
    request_id: requestId,
    phone_number_id: PHONE,
    subject: `Group ${i}`,
    description: null,
    join_approval_mode: "auto_approve",
    status: "pending",
    created_by: "bench@example.com",
    created_at: now,
    updated_at: now,
    group_id: null,
    invite_link: null,
    error_code: null,
    error_message: null,
  };
}

async function addPending(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: 1000 }, (_, i) => `${prefix}-${i}`);
  const rows = ids.map((id, i) => requestRow(id, i));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto("creation_requests")
      .values(rows.slice(i, i + 200))
      .execute();
  return ids;
}

function bulkDelivery(requestIds: string[], prefix: string) {
  const items = requestIds.map((requestId, i) =>
    i % 10 === 9
      ? {
          timestamp: "1760000100",
          type: "group_create",
          request_id: requestId,
          subject: "Doomed",
          errors: [
            { code: 131215, message: "Number not eligible", title: "Not eligible", error_data: { details: "Not an OBA" } },
          ],
        }
      : {
          timestamp: String(1_760_000_000 + i),
          group_id: `${prefix}-G-${i}`,
          type: "group_create",
          request_id: requestId,
          subject: "Book club",
          invite_link: `https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStU${i % 10}`,
          join_approval_mode: "auto_approve",
        },
  );
  return webhookEnvelope("group_lifecycle_update", PHONE, items);
}

async function timedCpu<T>(run: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const cpu = process.cpuUsage();
  const { ms: wall, result } = await timed(run);
  const used = process.cpuUsage(cpu);
  return { ms: wall, cpuMs: (used.user + used.system) / 1000, result };
}

async function measureWebhookDelivery(rounds: number): Promise<UnitsResult["webhookDelivery"]> {
  const { openDatabase } = await import("@/lib/db/connection");
  const { migrateToLatest } = await import("@/lib/db/migrations");
  const { processDelivery } = await import("@/lib/webhooks/process");
  const db = openDatabase("file::memory:");
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>);
    const expectApplied = (counts: { applied: number; duplicates: number }, applied: number, duplicates: number) => {
      if (counts.applied !== applied || counts.duplicates !== duplicates)
        throw new Error(`a 1000-update delivery gave ${JSON.stringify(counts)}, expected ${applied} applied`);
    };
    // The first delivery in this process includes warming up zod, Kysely and the driver.
    const cold = await timedCpu(async () => processDelivery(db, bulkDelivery(await addPending(db, "cold"), "cold")));
    expectApplied(cold.result, 1000, 0);
    const warm: { ms: number; cpuMs: number }[] = [];
    const replay: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const payload = bulkDelivery(await addPending(db, `warm${r}`), `warm${r}`);
      const once = await timedCpu(() => processDelivery(db, payload));
      expectApplied(once.result, 1000, 0);
      warm.push(once);
      const again = await timedCpu(() => processDelivery(db, payload));
      expectApplied(again.result, 0, 1000);
      replay.push(again.ms);
    }
    return {
      coldMs: Math.round(cold.ms),
      coldCpuMs: Math.round(cold.cpuMs),
      warmMs: spread(warm.map((w) => w.ms)),
      warmCpuMs: spread(warm.map((w) => w.cpuMs)),
      replayMs: spread(replay),
    };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The emulator and the Graph client

async function repeat(times: number, run: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push((await timed(run)).ms);
  return out;
}

async function measureEmulatorAndClient(samples: number): Promise<Omit<UnitsResult, "webhookDelivery">> {
  const { createGraphClient } = await import("@/lib/graph/client");
  const { isGraphError } = await import("@/lib/graph/errors");
  const emulator = await startEmulator({ port: 0, accessToken: TOKEN, phoneNumberIds: [PHONE], seedGroups: 10_000 });
  const control = new ControlClient(emulator.url);
  const get = async (path: string) => {
    const response = await fetch(`${emulator.url}/v23.0${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await response.text();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  };
  const client = (overrides: Record<string, number>) =>
    createGraphClient({ baseUrl: emulator.url, version: "v23.0", accessToken: TOKEN, ...overrides });
  const failure = async (run: () => Promise<unknown>, kind: string) => {
    try {
      await run();
    } catch (error) {
      if (isGraphError(error) && error.kind === kind) return;
      throw error;
    }
    throw new Error(`expected a ${kind} error`);
  };
  try {
    const injectedMs = 100;
    const plain: number[] = [];
    const delayed: number[] = [];
    for (let i = 0; i < 5 + samples; i++) {
      const p = await timed(() => get(`/${PHONE}/groups?limit=25`));
      await control.addFault({ method: "GET", path: "/*/groups", latencyMs: injectedMs, times: 1 });
      const d = await timed(() => get(`/${PHONE}/groups?limit=25`));
      if (i < 5) continue;
      plain.push(p.ms);
      delayed.push(d.ms - p.ms);
    }

    const walk = await repeat(5, async () => {
      let after: string | undefined;
      let seen = 0;
      const graph = client({});
      do {
        const page = await graph.listGroups(PHONE, { limit: 1024, after });
        seen += page.groups.length;
        after = page.hasNext ? page.cursors.after : undefined;
      } while (after);
      if (seen !== 10_000) throw new Error(`walked ${seen} groups, expected 10,000`);
    });

    const baseMs = 40;
    const backoff = await repeat(samples, async () => {
      await control.addFault({ method: "GET", path: "/*/groups", times: 2, error: { status: 500, code: 1 } });
      await client({ retryBaseDelayMs: baseMs, maxReadRetries: 2 }).listGroups(PHONE, { limit: 3 });
    });

    const refused = await repeat(samples, async () => {
      await control.addFault({
        method: "GET",
        path: "/*/groups",
        times: 1,
        error: { status: 429, code: 131208, retryAfter: 30 },
      });
      await failure(() => client({ maxRetryDelayMs: 500 }).listGroups(PHONE, { limit: 3 }), "rate-limited");
    });

    const timeoutMs = 100;
    const latencyMs = 1_000;
    const timeouts = await repeat(10, async () => {
      await control.addFault({ method: "GET", path: "/*/groups", times: 1, latencyMs });
      await failure(() => client({ timeoutMs, maxReadRetries: 0 }).listGroups(PHONE, { limit: 3 }), "timeout");
    });

    return {
      emulatorLatency: { injectedMs, addedMs: spread(delayed), plainMs: spread(plain) },
      emulatorPaging: { groups: 10_000, limit: 1024, walkMs: spread(walk) },
      retryBackoff: { baseMs, retries: 2, elapsedMs: spread(backoff) },
      retryAfterRefused: { elapsedMs: spread(refused) },
      timeout: { timeoutMs, latencyMs, elapsedMs: spread(timeouts) },
    };
  } finally {
    await emulator.close();
  }
}

export async function measureUnits(samples = 30): Promise<UnitsResult> {
  const webhookDelivery = await measureWebhookDelivery(10);
  return { webhookDelivery, ...(await measureEmulatorAndClient(samples)) };
}

export function unitRows(u: UnitsResult): Row[] {
  const w = u.webhookDelivery;
  const lat = u.emulatorLatency;
  const b = u.retryBackoff;
  // Equal jitter (lib/graph/client.ts): retry n waits between half and all of base·2^(n-1).
  const backoffFloor = (b.baseMs / 2) * (2 ** b.retries - 1);
  const backoffCeiling = b.baseMs * (2 ** b.retries - 1);
  return [
    ownRow(
      `1000-update webhook delivery on SQLite, warm, p50 (cpu ${ms(w.warmCpuMs.p50)})`,
      ms(w.warmMs.p50),
      "< 1000 ms",
      w.warmMs.p50 < 1000,
    ),
    ownRow(`the same, first in the process (cpu ${w.coldCpuMs} ms)`, ms(w.coldMs), "cpu < 2000 ms", w.coldCpuMs < 2000),
    ownRow("the same delivery replayed (all duplicates), p50", ms(w.replayMs.p50), "", null),
    ownRow(
      `emulator: ${lat.injectedMs} ms injected latency adds, p50 (max ${ms(lat.addedMs.max)})`,
      ms(lat.addedMs.p50),
      `${lat.injectedMs}–${lat.injectedMs + 10} ms`,
      lat.addedMs.p50 >= lat.injectedMs - 1 && lat.addedMs.p50 <= lat.injectedMs + 10,
    ),
    ownRow("emulator: a call without latency, p50", ms(lat.plainMs.p50), "< 250 ms", lat.plainMs.p50 < 250),
    ownRow(
      `emulator: all ${u.emulatorPaging.groups.toLocaleString("en")} groups at limit=${u.emulatorPaging.limit}, p50`,
      ms(u.emulatorPaging.walkMs.p50),
      "< 3000 ms",
      u.emulatorPaging.walkMs.p50 < 3000,
    ),
    ownRow(
      `Graph client: ${b.retries} retries at base ${b.baseMs} ms, whole read p50 (min ${ms(b.elapsedMs.min)})`,
      ms(b.elapsedMs.p50),
      `waits ${backoffFloor}–${backoffCeiling} ms + calls`,
      b.elapsedMs.min >= backoffFloor && b.elapsedMs.p50 <= backoffCeiling + 30,
    ),
    ownRow(
      "Graph client: Retry-After over the limit gives up, p50",
      ms(u.retryAfterRefused.elapsedMs.p50),
      "< 400 ms",
      u.retryAfterRefused.elapsedMs.p50 < 400,
    ),
    ownRow(
      `Graph client: ${u.timeout.timeoutMs} ms timeout on a ${u.timeout.latencyMs} ms answer, p50`,
      ms(u.timeout.elapsedMs.p50),
      "< 900 ms",
      u.timeout.elapsedMs.p50 < 900,
    ),
  ];
}
