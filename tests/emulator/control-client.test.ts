import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { ControlClient, ControlError, type ControlFetch } from "@/emulator/control-client";
import { emulatorSuite, type GroupsPage, PHONE, PHONE2, TOKEN, waitUntil } from "./helpers";

const { emu, g } = emulatorSuite({
  seed: 3,
  createDelayMs: 0,
  reset: { seedGroups: 3 },
  config: { createDelayMs: 0, webhookDelayMs: 0, identityShape: "wa_id", strictUserAgent: false },
});
let control: ControlClient;

beforeAll(() => {
  control = new ControlClient(`${emu.url}/`);
});

async function firstGroupId(): Promise<string> {
  const page = (await (await g.get(`/${PHONE}/groups?limit=1`)).json()) as GroupsPage;
  return page.data.groups[0]?.id ?? "";
}

describe("ControlClient against a running emulator", () => {
  it("keeps an idle connection a minute, and says so, so that a client's next call never meets a closing socket", async () => {
    const answer = await fetch(`${emu.url}/__emulator/state`);
    await answer.text();
    expect(answer.headers.get("keep-alive")).toBe("timeout=60");
  });

  it("drops a trailing slash from the base URL", () => {
    expect(control.baseUrl).toBe(emu.url);
  });

  it("reset, seed and state", async () => {
    await control.reset({ seedGroups: 2, phoneNumberIds: [PHONE, PHONE2] });
    expect(await control.seed(PHONE, 3)).toBe(5);
    expect(await control.state()).toEqual({
      phoneNumberIds: [PHONE, PHONE2],
      groups: { [PHONE]: 5, [PHONE2]: 2 },
      pendingCreates: 0,
      pendingUpdates: 0,
      webhooksInFlight: 0,
      faults: [],
    });
  });

  it("config returns the whole runtime config after a change; getConfig reads it", async () => {
    const after = await control.config({ webhookDelayMs: 40, identityShape: "both" });
    expect(after).toEqual({
      createDelayMs: 0,
      webhookDelayMs: 40,
      webhookUrl: null,
      appSecret: "emulator-app-secret",
      identityShape: "both",
      strictUserAgent: false,
    });
    expect(await control.getConfig()).toEqual(after);
    // reset keeps runtime config
    await control.reset();
    expect((await control.getConfig()).webhookDelayMs).toBe(40);
  });

  it("addFault, faults, removeFault, clearFaults", async () => {
    expect(await control.addFault({ method: "GET", path: "/*/groups", times: 2, latencyMs: 1 })).toBe("f1");
    expect(await control.addFault({ deleteFailure: { code: 1 } })).toBe("f2");
    expect((await control.faults()).map((f) => [f.id, f.remaining])).toEqual([
      ["f1", 2],
      ["f2", undefined],
    ]);
    await control.removeFault("f1");
    expect((await control.faults()).map((f) => f.id)).toEqual(["f2"]);
    await control.clearFaults();
    expect(await control.faults()).toEqual([]);
  });

  it("calls and webhooks logs", async () => {
    await g.get(`/${PHONE}/groups?limit=2`);
    const calls = await control.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "GET", query: { limit: "2" }, authorization: `Bearer ${TOKEN}` });
    expect(await control.webhooks()).toEqual([]);
  });

  it("group, join, joinRequests, revokeJoinRequest and suspend", async () => {
    const open = await firstGroupId();
    expect(await control.join(open, "16505550001")).toEqual({ participant: true });
    expect((await control.group(open)).participants).toContain("16505550001");

    await g.post(`/${PHONE}/groups`, {
      messaging_product: "whatsapp",
      subject: "Client guarded",
      join_approval_mode: "approval_required",
    });
    let guarded = "";
    await waitUntil(async () => {
      const page = (await (await g.get(`/${PHONE}/groups?limit=5`)).json()) as GroupsPage;
      guarded = page.data.groups.find((x) => x.subject === "Client guarded")?.id ?? "";
      return guarded !== "";
    });
    const joined = await control.join(guarded, "16505550002");
    expect(joined).toEqual({ join_request_id: expect.any(String) });
    const ids = await control.joinRequests(guarded, { count: 2 });
    expect(ids).toHaveLength(2);
    await control.revokeJoinRequest(guarded, ids[0] ?? "");
    expect((await control.group(guarded)).joinRequests).toHaveLength(2);

    await control.suspend(guarded);
    expect((await control.group(guarded)).suspended).toBe(true);
    await control.suspend(guarded, false);
    expect((await control.group(guarded)).suspended).toBe(false);
  });

  it("throws ControlError with the call, the status and the body text", async () => {
    const error = await control.group("no-such-group").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    const e = error as ControlError;
    expect(e.call).toBe("GET /__emulator/groups/no-such-group");
    expect(e.status).toBe(400);
    expect(JSON.parse(e.body)).toMatchObject({ error: { code: 131041 } });
    expect(e.message).toContain("GET /__emulator/groups/no-such-group answered 400");

    const bad = await control.config({ createDelayMs: -1 }).catch((x: unknown) => x);
    expect(bad).toMatchObject({ name: "ControlError", call: "POST /__emulator/config", status: 400 });

    const down = new ControlClient("http://127.0.0.1:1");
    const network = await down.state().catch((x: unknown) => x);
    expect(network).toMatchObject({ name: "ControlError", status: null, body: "", call: "GET /__emulator/state" });
  });

  it("raw answers anything as-is, without throwing", async () => {
    const answer = await control.raw("GET", "/nope");
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 100 } });
  });

  it("URL-encodes ids in paths", async () => {
    const error = (await control.group("a/b?c").catch((e: unknown) => e)) as ControlError;
    expect(error.call).toBe("GET /__emulator/groups/a%2Fb%3Fc");
    expect(JSON.parse(error.body)).toMatchObject({ error: { code: 131041 } });
  });

  it("can use another transport, and times out", async () => {
    const seen: string[] = [];
    const transport: ControlFetch = async (url, init) => {
      seen.push(`${init.method} ${url} ${init.headers["Content-Type"] ?? "-"} ${init.body ?? "-"}`);
      return fetch(url, init);
    };
    const via = new ControlClient(emu.url, { fetch: transport });
    await via.reset({ seedGroups: 1 });
    await via.state();
    expect(seen).toEqual([
      `POST ${emu.url}/__emulator/reset application/json {"seedGroups":1}`,
      `GET ${emu.url}/__emulator/state - -`,
    ]);

    const silent = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const slow = new ControlClient(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { timeoutMs: 100 });
      const timedOut = await slow.state().catch((e: unknown) => e);
      expect(timedOut).toMatchObject({ name: "ControlError", status: null });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
