import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createGraphClient, type GraphClient } from "@/lib/graph/client";
import { type GraphError, isGraphError, type GraphErrorKind } from "@/lib/graph/errors";

import {
  caught,
  PHONE,
  startCraftedServer,
  startTestEmulator,
  TOKEN,
  VERSION,
  type FaultRule,
  type TestEmulator,
} from "./support";

let emu: TestEmulator;
/** No retries, so each fault answers exactly one call. */
let graph: GraphClient;
let groupId: string;

beforeAll(async () => {
  emu = await startTestEmulator(3);
  graph = emu.client({ maxReadRetries: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.reset();
  const page = await graph.listGroups(PHONE, { limit: 1 });
  groupId = page.groups[0]!.id;
});

async function graphErrorOf(run: () => Promise<unknown>): Promise<GraphError> {
  const error = await caught(run);
  expect(isGraphError(error)).toBe(true);
  return error as GraphError;
}

describe("error kinds produced by emulator faults", () => {
  const cases: { name: string; rule: FaultRule; kind: GraphErrorKind; status: number | null; code?: number }[] = [
    { name: "500", rule: { error: { status: 500, code: 1 } }, kind: "upstream", status: 500, code: 1 },
    { name: "503 code 2", rule: { error: { status: 503, code: 2 } }, kind: "upstream", status: 503, code: 2 },
    { name: "401/190", rule: { error: { status: 401, code: 190, subcode: 463 } }, kind: "auth", status: 401, code: 190 },
    { name: "403/10", rule: { error: { status: 403, code: 10 } }, kind: "permission", status: 403, code: 10 },
    { name: "403/200", rule: { error: { status: 403, code: 200 } }, kind: "permission", status: 403, code: 200 },
    { name: "400/4", rule: { error: { status: 400, code: 4 } }, kind: "rate-limited", status: 400, code: 4 },
    { name: "400/80007", rule: { error: { status: 400, code: 80007 } }, kind: "rate-limited", status: 400 },
    { name: "429/130429", rule: { error: { status: 429, code: 130429 } }, kind: "rate-limited", status: 429 },
    { name: "400/131059", rule: { error: { status: 400, code: 131059 } }, kind: "invalid-cursor", status: 400 },
    { name: "400/131211", rule: { error: { status: 400, code: 131211 } }, kind: "limit-reached", status: 400 },
    { name: "400/131215", rule: { error: { status: 400, code: 131215 } }, kind: "not-eligible", status: 400 },
    { name: "400/131214", rule: { error: { status: 400, code: 131214 } }, kind: "not-eligible", status: 400 },
    { name: "400/131041", rule: { error: { status: 400, code: 131041 } }, kind: "not-found", status: 400 },
    { name: "403/131207", rule: { error: { status: 403, code: 131207 } }, kind: "suspended", status: 403 },
    { name: "400/100", rule: { error: { status: 400, code: 100 } }, kind: "validation", status: 400, code: 100 },
    { name: "400/131213", rule: { error: { status: 400, code: 131213 } }, kind: "join-request-gone", status: 400 },
    { name: "400/131212", rule: { error: { status: 400, code: 131212 } }, kind: "not-participant", status: 400 },
    { name: "400/131202", rule: { error: { status: 400, code: 131202 } }, kind: "already-participant", status: 400 },
    { name: "400/131204", rule: { error: { status: 400, code: 131204 } }, kind: "participant-limit", status: 400 },
    { name: "400/131209", rule: { error: { status: 400, code: 131209 } }, kind: "picture-rejected", status: 400 },
    { name: "400/131210", rule: { error: { status: 400, code: 131210 } }, kind: "picture-rejected", status: 400 },
    { name: "400/131020", rule: { error: { status: 400, code: 131020 } }, kind: "needs-members", status: 400 },
    { name: "400/999 (unknown)", rule: { error: { status: 400, code: 999 } }, kind: "validation", status: 400 },
    { name: "malformed body", rule: { body: "malformed" }, kind: "upstream", status: 200 },
    { name: "empty body", rule: { body: "empty" }, kind: "upstream", status: 200 },
    { name: "dropped socket", rule: { drop: true }, kind: "network", status: null },
  ];

  it.each(cases)("$name → $kind", async ({ rule, kind, status, code }) => {
    await emu.fault({ ...rule, method: "GET", path: "/*/groups", times: 1 });
    const error = await graphErrorOf(() => graph.listGroups(PHONE));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    if (code !== undefined) expect(error.code).toBe(code);
    expect(error.method).toBe("GET");
    expect(error.path).toBe(`/${VERSION}/${PHONE}/groups`);
    if (rule.error) expect(error.fbtraceId).toEqual(expect.any(String));
  });

  it("carries subcode, type, and Meta's message", async () => {
    await emu.fault({
      path: "/*/groups",
      times: 1,
      error: { status: 401, code: 190, subcode: 467, type: "OAuthException", message: "Session has expired" },
    });
    const error = await graphErrorOf(() => graph.listGroups(PHONE));
    expect(error).toMatchObject({ kind: "auth", code: 190, subcode: 467, type: "OAuthException" });
    expect(error.message).toContain("Session has expired");
  });

  it("429/131208 with Retry-After → rate-limited with retryAfterSeconds", async () => {
    await emu.fault({ method: "POST", path: "/*/groups", error: { status: 429, code: 131208, retryAfter: 7 } });
    const error = await graphErrorOf(() => graph.createGroup(PHONE, { subject: "Too many" }));
    expect(error).toMatchObject({ kind: "rate-limited", status: 429, code: 131208, retryAfterSeconds: 7 });
  });

  it("latency above timeoutMs → timeout", async () => {
    const quick = emu.client({ timeoutMs: 100, maxReadRetries: 0 });
    await emu.fault({ path: "/*/groups", times: 1, latencyMs: 1_000 });
    // Gave up without an answer (the emulator would have answered 200 after 1 s); how soon is measured by the bench.
    const error = await graphErrorOf(() => quick.listGroups(PHONE));
    expect(error.kind).toBe("timeout");
    expect(error.status).toBeNull();
  });

  it("latency below timeoutMs is just slow", async () => {
    await emu.fault({ path: "/*/groups", times: 1, latencyMs: 100 });
    const page = await graph.listGroups(PHONE);
    expect(page.groups).toHaveLength(3);
  });

  it("a fault on a write is classified the same way", async () => {
    await emu.fault({ method: "DELETE", path: "/*", times: 1, error: { status: 403, code: 131207 } });
    const error = await graphErrorOf(() => graph.deleteGroup(groupId));
    expect(error).toMatchObject({ kind: "suspended", method: "DELETE", status: 403 });
  });
});

describe("errors from the emulator's own logic", () => {
  it("a wrong token → auth, code 190", async () => {
    const wrong = emu.client({ accessToken: "not-the-token" });
    const error = await graphErrorOf(() => wrong.listGroups(PHONE));
    expect(error).toMatchObject({ kind: "auth", status: 401, code: 190 });
    expect(error.message).not.toContain("not-the-token");
    expect(JSON.stringify(error)).not.toContain("not-the-token");
  });

  it("an unknown group → not-found (131041)", async () => {
    const error = await graphErrorOf(() => graph.getInviteLink("Z3JvdXA6bm9uZQ"));
    expect(error).toMatchObject({ kind: "not-found", code: 131041 });
  });

  it("a suspended group refuses writes → suspended (131207)", async () => {
    await fetch(`${emu.url}/__emulator/groups/${groupId}/suspend`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ suspended: true }),
    });
    const error = await graphErrorOf(() => graph.resetInviteLink(groupId));
    expect(error).toMatchObject({ kind: "suspended", code: 131207 });
  });

  it("Graph's own validation (code 100) → validation, the message naming the field", async () => {
    // Local validation catches bad input first, so send one Graph rejects itself: a fault standing in for it.
    await emu.fault({
      method: "POST",
      times: 1,
      error: { status: 400, code: 100, message: "(#100) Param subject must be at most 128 characters" },
    });
    const error = await graphErrorOf(() => graph.updateSettings(groupId, { subject: "fine locally" }));
    expect(error).toMatchObject({ kind: "validation", status: 400, code: 100 });
    expect(error.message).toContain("Param subject");
  });
});

describe("response schema mismatches (a crafted real server)", () => {
  it("names the missing field path", async () => {
    const groups = Array.from({ length: 5 }, (_, i) => ({ id: `g${i}`, subject: `S${i}`, created_at: "2025-01-01" }));
    delete (groups[3] as Partial<(typeof groups)[number]>).id;
    const server = await startCraftedServer(() => ({ status: 200, body: JSON.stringify({ data: { groups } }) }));
    try {
      const client = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: TOKEN });
      const error = await graphErrorOf(() => client.listGroups(PHONE));
      expect(error.kind).toBe("upstream");
      expect(error.message).toBe("Graph response is missing data.groups[3].id");
    } finally {
      await server.close();
    }
  });

  it("names a field with the wrong type, and tolerates unknown extra fields", async () => {
    let body: unknown = { messaging_product: "whatsapp", invite_link: 42 };
    const server = await startCraftedServer(() => ({ status: 200, body: JSON.stringify(body) }));
    try {
      const client = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: TOKEN });
      const error = await graphErrorOf(() => client.getInviteLink("g1"));
      expect(error.kind).toBe("upstream");
      expect(error.message).toMatch(/^Graph response has an invalid invite_link/);

      body = { invite_link: "https://chat.whatsapp.com/AbCdEf123", brand_new_field: { nested: true } };
      expect(await client.getInviteLink("g1")).toBe("https://chat.whatsapp.com/AbCdEf123");
    } finally {
      await server.close();
    }
  });

  it("a 5xx that is not JSON → upstream, not a crash", async () => {
    const server = await startCraftedServer(() => ({ status: 502, body: "<html>Bad gateway</html>" }));
    try {
      const client = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: TOKEN, maxReadRetries: 0 });
      const error = await graphErrorOf(() => client.getGroup("g1"));
      expect(error).toMatchObject({ kind: "upstream", status: 502, code: null });
    } finally {
      await server.close();
    }
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const server = await startCraftedServer(() => ({
      status: 429,
      body: JSON.stringify({ error: { message: "slow down", code: 4, fbtrace_id: "x" } }),
      headers: { "Retry-After": new Date(Date.now() + 60_000).toUTCString() },
    }));
    try {
      const client = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: TOKEN });
      const error = await graphErrorOf(() => client.listGroups(PHONE));
      expect(error.kind).toBe("rate-limited");
      expect(error.retryAfterSeconds).toBeGreaterThan(50);
      expect(error.attempts).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("the token never leaks", () => {
  it("is scrubbed from every error, even when Graph echoes it", async () => {
    const secret = "EAAG-very-secret-token-123";
    const server = await startCraftedServer(() => ({
      status: 400,
      body: JSON.stringify({
        error: {
          message: `Invalid OAuth access token: ${secret}`,
          type: "OAuthException",
          code: 190,
          error_user_msg: `token ${secret} rejected`,
          error_data: { details: `bad ${secret}` },
          fbtrace_id: "abc",
        },
      }),
    }));
    try {
      const client = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: secret });
      const error = await graphErrorOf(() => client.listGroups(PHONE));
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("[redacted]");
      for (const text of [error.message, JSON.stringify(error), String(error), error.stack ?? ""]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });

  it("appears in no error of any kind from the emulator", async () => {
    const rules: FaultRule[] = [
      { error: { status: 500, code: 1 } },
      { error: { status: 401, code: 190, message: `bad token ${TOKEN}` } },
      { error: { status: 429, code: 131208, retryAfter: 1 } },
      { body: "malformed" },
      { body: "empty" },
      { drop: true },
    ];
    const errors: unknown[] = [];
    for (const rule of rules) {
      await emu.clearFaults();
      await emu.fault(rule);
      errors.push(await caught(() => graph.listGroups(PHONE)));
      errors.push(await caught(() => graph.createGroup(PHONE, { subject: "x" })));
    }
    await emu.clearFaults();
    await emu.fault({ latencyMs: 300, times: 1 });
    const timeout = await caught(() => emu.client({ timeoutMs: 50, maxReadRetries: 0 }).getGroup(groupId));
    expect((timeout as GraphError).kind).toBe("timeout");
    errors.push(timeout);
    for (const error of errors) {
      expect(isGraphError(error)).toBe(true);
      expect((error as Error).message).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});
