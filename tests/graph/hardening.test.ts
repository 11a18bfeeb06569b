import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isGraphError } from "@/lib/graph";
import { caught, graphPath, PHONE, startCraftedServer, startTestEmulator, type TestEmulator } from "./support";

/** Meta's OpenAPI description: the pattern every User-Agent must match. */
const SPEC_USER_AGENT = /^[a-zA-Z0-9\-_]+\/[0-9]+\.[0-9]+\.[0-9]+(;[a-zA-Z0-9\-=.]+)?(\s+[a-zA-Z0-9\-_]+\/[0-9\-.]+)?$/;

describe("Graph client hardening", () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator(3);
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.reset({ seedGroups: 3 });
  });

  it("gives up a read at its total deadline instead of retrying twice more", async () => {
    await emulator.fault({ method: "GET", path: "/*/groups", latencyMs: 1_500, times: 3 });
    const client = emulator.client({ timeoutMs: 400, readDeadlineMs: 900, retryBaseDelayMs: 50 });
    const error = await caught(() => client.listGroups(PHONE));
    expect(isGraphError(error) && error.kind).toBe("timeout");
    const lists = (await emulator.calls()).filter((c) => c.method === "GET" && graphPath(c) === `/${PHONE}/groups`);
    expect(lists).toHaveLength(1);
  });

  it("still retries a fast failure when the deadline leaves room", async () => {
    await emulator.fault({ method: "GET", path: "/*/groups", times: 1, error: { status: 500, code: 1, message: "Unknown" } });
    const client = emulator.client({ timeoutMs: 2_000, readDeadlineMs: 5_000, retryBaseDelayMs: 20 });
    expect((await client.listGroups(PHONE)).groups).toHaveLength(3);
  });

  it("refuses group IDs '.' and '..' before anything is sent", async () => {
    const client = emulator.client();
    for (const id of [".", "..", " .. "]) {
      const error = await caught(() => client.getInviteLink(id));
      expect(isGraphError(error) && error.kind).toBe("validation");
    }
    expect(await emulator.calls()).toHaveLength(0);
  });

  it("sends a User-Agent in the form Meta's spec requires on every call", async () => {
    const client = emulator.client();
    const [group] = (await client.listGroups(PHONE)).groups;
    await client.getGroup(group!.id);
    await client.getInviteLink(group!.id);
    const calls = await emulator.calls();
    expect(calls.length).toBe(3);
    for (const call of calls) expect(call.userAgent).toMatch(SPEC_USER_AGENT);
  });

  it("reads participants in both shapes: wa_id, and Meta's 2026 user_id and username without wa_id", async () => {
    const server = await startCraftedServer(() => ({
      status: 200,
      body: JSON.stringify({
        id: "G1",
        participants: [{ wa_id: "16505551234" }, { user_id: "US.13491208655302741918", username: "maria.lopez27" }],
      }),
    }));
    try {
      const info = await emulator.client({ baseUrl: server.url }).getGroup("G1", ["participants"]);
      expect(info.participants).toEqual([
        { waId: "16505551234" },
        { userId: "US.13491208655302741918", username: "maria.lopez27" },
      ]);
    } finally {
      await server.close();
    }
  });

  it("refuses an invite link that is not https://chat.whatsapp.com/…", async () => {
    const server = await startCraftedServer(() => ({
      status: 200,
      body: JSON.stringify({ messaging_product: "whatsapp", invite_link: "https://evil.example/join" }),
    }));
    try {
      const client = emulator.client({ baseUrl: server.url });
      const error = await caught(() => client.getInviteLink("G1"));
      expect(isGraphError(error) && error.kind).toBe("upstream");
      expect(String((error as Error).message)).toContain("invite_link");
    } finally {
      await server.close();
    }
  });
});
