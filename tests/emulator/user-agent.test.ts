import { describe, expect, it } from "vitest";
import { USER_AGENT_RE } from "@/emulator/server";
import { emulatorSuite, expectEnvelope, PHONE, TOKEN, USER_AGENT } from "./helpers";

const { emu, g } = emulatorSuite({ seed: 1, createDelayMs: 0, config: { strictUserAgent: false } });

const list = (userAgent?: string) =>
  g.send("GET", `/${PHONE}/groups?limit=1`, {
    headers: { "Content-Type": "application/json", ...(userAgent === undefined ? {} : { "User-Agent": userAgent }) },
  });

const GOOD = [
  USER_AGENT,
  "Meta-Business-Messaging-OpenAPI/1.0.0;spec=2025-10-21",
  "my_app/10.20.30",
  "dash/1.2.3 node/20.19.4",
  "dash/1.2.3;build=7 undici/6-1.0",
];
const BAD = ["node", "dash/1.2", "dash 1.2.3", "dash/1.2.3 (Linux)", "dash/v1.2.3", "Mozilla/5.0 (X11; Linux x86_64)", ""];

describe("User-Agent", () => {
  it("the pattern is Meta's", () => {
    for (const ua of GOOD) expect(USER_AGENT_RE.test(ua), ua).toBe(true);
    for (const ua of BAD) expect(USER_AGENT_RE.test(ua), ua).toBe(false);
  });

  it("is recorded in the call log (userAgent), next to contentType", async () => {
    await g.get(`/${PHONE}/groups?limit=1`);
    await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "UA" });
    await list("custom-agent/9.9.9");
    const calls = await g.ctl.calls();
    expect(calls.map((c) => [c.method, c.userAgent, c.contentType])).toEqual([
      ["GET", USER_AGENT, "application/json"],
      ["POST", USER_AGENT, "application/json"],
      ["GET", "custom-agent/9.9.9", "application/json"],
    ]);
    // a call without Content-Type is recorded as null
    await g.send("GET", `/${PHONE}/groups`, { headers: { "User-Agent": USER_AGENT } });
    expect((await g.ctl.calls()).at(-1)?.contentType).toBeNull();
  });

  it("by default any User-Agent (or fetch's own) is accepted", async () => {
    expect((await list("node")).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await g.ctl.calls()).at(-1)?.userAgent).toBe("node"); // what Node's fetch sends when none is set
  });

  it("strictUserAgent refuses a missing or non-matching User-Agent with 400 code 100 naming the header", async () => {
    expect((await g.ctl.config({ strictUserAgent: true })).strictUserAgent).toBe(true);
    for (const ua of GOOD) expect((await list(ua)).status, ua).toBe(200);
    for (const ua of BAD.filter((x) => x !== "")) {
      const err = await expectEnvelope(await list(ua), 400, 100);
      expect(err.message).toContain("User-Agent");
      expect(err.message).toContain(JSON.stringify(ua));
    }
    // with no header at all (raw HTTP, since fetch always adds one)
    const { request } = await import("node:http");
    const noHeader = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${emu.url}/v23.0/${PHONE}/groups`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(noHeader.status).toBe(400);
    const envelope = JSON.parse(noHeader.body) as { error: { code: number; message: string } };
    expect(envelope.error.code).toBe(100);
    expect(envelope.error.message).toContain("User-Agent header is required");
    // refused calls are still logged; the token check comes first
    expect((await g.ctl.calls()).at(-1)?.userAgent).toBeNull();
    await expectEnvelope(
      await g.send("GET", `/${PHONE}/groups`, { token: "wrong", headers: { "User-Agent": "node" } }),
      401,
      190,
    );
    // the control API never asks for one
    expect((await g.control("GET", "/state")).status).toBe(200);
    await g.ctl.config({ strictUserAgent: false });
    expect((await list("node")).status).toBe(200);
  });

  it("refuses a non-boolean strictUserAgent", async () => {
    await expectEnvelope(await g.control("POST", "/config", { strictUserAgent: "yes" }), 400, 100);
  });
});
