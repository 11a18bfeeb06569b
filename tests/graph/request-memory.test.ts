import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphClient } from "@/lib/graph/client";
import { outboundFetch } from "@/lib/http/outbound";
import { captureStartupContext } from "@/lib/startup-context";
import { requestOutlives } from "../support/retention";
import { PHONE, startCraftedServer, TOKEN, VERSION } from "./support";

// As instrumentation.ts does when the server starts, before any request.
captureStartupContext();

const GROUPS = JSON.stringify({ data: { groups: [{ id: "g1", subject: "One", created_at: "2025-01-01T00:00:00Z" }] } });

describe("what a finished Graph call keeps of the request that made it", () => {
  let server: Awaited<ReturnType<typeof startCraftedServer>>;
  beforeAll(async () => {
    server = await startCraftedServer(() => ({ status: 200, body: GROUPS }));
  });
  afterAll(() => server.close());

  it("nothing, while its keep-alive connection stays open for the next call", async () => {
    const graph = createGraphClient({ baseUrl: server.url, version: VERSION, accessToken: TOKEN, fetch: outboundFetch });
    const opened = server.connections();
    expect(await requestOutlives(() => graph.listGroups(PHONE))).toBe(false);
    // The connection was open all along: the next call, from another request, goes over it.
    expect(await requestOutlives(() => graph.listGroups(PHONE))).toBe(false);
    expect(server.connections()).toBe(opened + 1);
  });

  it("nothing after the first collection, though the call's timeout would only run out a minute later", async () => {
    const answered: typeof fetch = () =>
      Promise.resolve(new Response(GROUPS, { status: 200, headers: { "Content-Type": "application/json" } }));
    const graph = createGraphClient({
      baseUrl: server.url,
      version: VERSION,
      accessToken: TOKEN,
      fetch: answered,
      timeoutMs: 60_000,
    });
    // Outside any request first: what Node sets up once, on the first Response, belongs to no request.
    await graph.listGroups(PHONE);
    expect(await requestOutlives(() => graph.listGroups(PHONE), { collections: 1 })).toBe(false);
  });
});
