import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { GraphCallInfo } from "@/lib/graph/client";
import { isGraphError, type GraphError } from "@/lib/graph/errors";

import { caught, graphPath, PHONE, startTestEmulator, TOKEN, type TestEmulator } from "./support";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator(3);
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.reset();
});

const groupListCalls = async () =>
  (await emu.calls()).filter((c) => c.method === "GET" && /^\/[^/]+\/groups$/.test(graphPath(c)));

describe("reads are retried", () => {
  it("two 500s then success: 3 calls, with measurable backoff", async () => {
    const graph = emu.client({ retryBaseDelayMs: 40, maxReadRetries: 2 });
    await emu.fault({ method: "GET", path: "/*/groups", times: 2, error: { status: 500, code: 1 } });
    const started = performance.now();
    const page = await graph.listGroups(PHONE);
    const elapsed = performance.now() - started;
    expect(page.groups).toHaveLength(3);
    expect(await groupListCalls()).toHaveLength(3);
    // Equal jitter: at least half of 40 ms, then half of 80 ms.
    expect(elapsed).toBeGreaterThanOrEqual(55);
  });

  it("a dropped connection and a timeout are retried too", async () => {
    const graph = emu.client({ timeoutMs: 150, retryBaseDelayMs: 5 });
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, drop: true });
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, latencyMs: 600 });
    const page = await graph.listGroups(PHONE);
    expect(page.groups).toHaveLength(3);
    expect(await groupListCalls()).toHaveLength(3);
  });

  it("is bounded: an always-failing read makes 1 + maxReadRetries calls, then throws", async () => {
    for (const maxReadRetries of [0, 1, 3]) {
      await emu.reset();
      const graph = emu.client({ retryBaseDelayMs: 5, maxReadRetries });
      await emu.fault({ method: "GET", path: "/*/groups", error: { status: 503, code: 2 } });
      const error = (await caught(() => graph.listGroups(PHONE))) as GraphError;
      expect(isGraphError(error)).toBe(true);
      expect(error.kind).toBe("upstream");
      expect(error.attempts).toBe(1 + maxReadRetries);
      expect(await groupListCalls()).toHaveLength(1 + maxReadRetries);
    }
  });

  it("timeouts are retried no more than the bound", async () => {
    const graph = emu.client({ timeoutMs: 80, retryBaseDelayMs: 5, maxReadRetries: 1 });
    await emu.fault({ method: "GET", path: "/*/groups", latencyMs: 400 });
    const error = (await caught(() => graph.listGroups(PHONE))) as GraphError;
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 450));
    expect(await groupListCalls()).toHaveLength(2);
  });

  it("honours Retry-After within maxRetryDelayMs", async () => {
    const graph = emu.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 2_000 });
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, error: { status: 429, code: 131208, retryAfter: 1 } });
    const started = performance.now();
    const page = await graph.listGroups(PHONE);
    expect(page.groups).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(await groupListCalls()).toHaveLength(2);
  });

  it("does not retry when Retry-After exceeds maxRetryDelayMs", async () => {
    const graph = emu.client({ maxRetryDelayMs: 500 });
    await emu.fault({ method: "GET", path: "/*/groups", error: { status: 429, code: 131208, retryAfter: 30 } });
    const error = (await caught(() => graph.listGroups(PHONE))) as GraphError;
    expect(error).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 30, attempts: 1 });
    expect(await groupListCalls()).toHaveLength(1);
  });

  it("does not retry errors that will not change (auth, validation, bad bodies)", async () => {
    const graph = emu.client({ retryBaseDelayMs: 5 });
    for (const rule of [
      { error: { status: 401, code: 190 } },
      { error: { status: 400, code: 100 } },
      { error: { status: 400, code: 131059 } },
      { body: "malformed" as const },
    ]) {
      await emu.reset();
      await emu.fault({ method: "GET", path: "/*/groups", ...rule });
      await caught(() => graph.listGroups(PHONE));
      expect(await groupListCalls()).toHaveLength(1);
    }
  });
});

describe("writes are never retried", () => {
  it("a create after a 500 is not retried: exactly 1 POST, upstream error", async () => {
    const graph = emu.client({ maxReadRetries: 5, retryBaseDelayMs: 1 });
    await emu.fault({ method: "POST", path: "/*/groups", times: 1, error: { status: 500, code: 1 } });
    const error = (await caught(() => graph.createGroup(PHONE, { subject: "Once only" }))) as GraphError;
    expect(error).toMatchObject({ kind: "upstream", status: 500, attempts: 1, method: "POST" });
    const posts = (await emu.calls()).filter((c) => c.method === "POST");
    expect(posts).toHaveLength(1);
  });

  it("nor after a dropped connection, a timeout or a rate limit, for any write", async () => {
    const graph = emu.client({ maxReadRetries: 5, retryBaseDelayMs: 1, timeoutMs: 100 });
    const [group] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    const id = group!.id;
    const writes: [string, () => Promise<unknown>][] = [
      ["create", () => graph.createGroup(PHONE, { subject: "x" })],
      ["reset link", () => graph.resetInviteLink(id)],
      ["approve", () => graph.approveJoinRequests(id, ["r1"])],
      ["reject", () => graph.rejectJoinRequests(id, ["r1"])],
      ["remove", () => graph.removeParticipants(id, ["16505550000"])],
      ["settings", () => graph.updateSettings(id, { subject: "y" })],
      ["delete", () => graph.deleteGroup(id)],
    ];
    for (const rule of [{ drop: true }, { latencyMs: 400 }, { error: { status: 429, code: 131208, retryAfter: 0 } }]) {
      for (const [name, run] of writes) {
        await emu.reset();
        await emu.fault({ method: "POST", ...rule });
        await emu.fault({ method: "DELETE", ...rule });
        const error = await caught(run);
        expect(isGraphError(error), name).toBe(true);
        await new Promise((r) => setTimeout(r, rule.latencyMs ? 450 : 0));
        const writesSeen = (await emu.calls()).filter((c) => c.method !== "GET");
        expect(writesSeen, `${name} after ${JSON.stringify(rule)}`).toHaveLength(1);
      }
    }
  });
});

describe("onCall", () => {
  it("reports every attempt with method, path without query, status, duration and attempt number", async () => {
    const seen: GraphCallInfo[] = [];
    const graph = emu.client({ retryBaseDelayMs: 5, onCall: (info) => seen.push(info) });
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, error: { status: 500, code: 1 } });
    await graph.listGroups(PHONE, { limit: 2 });
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, drop: true });
    await graph.createGroup(PHONE, { subject: "x" });
    await graph.listGroups(PHONE, { limit: 1 });

    expect(seen.map(({ method, path, status, attempt }) => ({ method, path, status, attempt }))).toEqual([
      { method: "GET", path: `/v23.0/${PHONE}/groups`, status: 500, attempt: 1 },
      { method: "GET", path: `/v23.0/${PHONE}/groups`, status: 200, attempt: 2 },
      { method: "POST", path: `/v23.0/${PHONE}/groups`, status: 200, attempt: 1 },
      { method: "GET", path: `/v23.0/${PHONE}/groups`, status: null, attempt: 1 },
      { method: "GET", path: `/v23.0/${PHONE}/groups`, status: 200, attempt: 2 },
    ]);
    for (const info of seen) {
      expect(JSON.stringify(info)).not.toContain(TOKEN);
      expect(info.path).not.toContain("?");
    }
    // Meta's trace ID for every answered exchange, none for the dropped one.
    expect(seen.map((info) => typeof info.fbtraceId)).toEqual(["string", "string", "string", "object", "string"]);
    expect(seen[3]!.fbtraceId).toBeNull();
  });

  it("reports the trace ID Meta names in an error envelope, the one an operator quotes to Meta", async () => {
    const seen: GraphCallInfo[] = [];
    await emu.fault({ method: "POST", path: "/*/groups", times: 1, error: { status: 400, code: 100 } });
    const graph = emu.client({ onCall: (info) => seen.push(info) });
    const error = await caught(() => graph.createGroup(PHONE, { subject: "x" }));
    expect(isGraphError(error)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.fbtraceId).toMatch(/^A[\w-]{22}$/);
    expect(seen[0]!.fbtraceId).toBe((error as GraphError).fbtraceId);
  });

  it("reports how long the exchange took, Meta's own delay included", async () => {
    const seen: GraphCallInfo[] = [];
    await emu.fault({ method: "GET", path: "/*/groups", times: 1, latencyMs: 150 });
    await emu.client({ onCall: (info) => seen.push(info) }).listGroups(PHONE, { limit: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.durationMs).toBeGreaterThanOrEqual(150);
  });

  it("a throwing onCall does not break the call", async () => {
    const graph = emu.client({
      onCall: () => {
        throw new Error("observer failed");
      },
    });
    expect((await graph.listGroups(PHONE)).groups).toHaveLength(3);
  });
});
