import { describe, expect, it } from "vitest";
import { globMatch } from "@/emulator/faults";
import { emulatorSuite, expectEnvelope, PHONE } from "./helpers";

const { g } = emulatorSuite({ seed: 3, createDelayMs: 20 });

async function addFault(rule: Record<string, unknown>): Promise<string> {
  const res = await g.control("POST", "/faults", rule);
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  return id;
}

describe("fault rules", () => {
  it("ids start at f1 after a reset and are listed with remaining counts", async () => {
    expect(await addFault({ path: "/*/groups", times: 2, latencyMs: 1 })).toBe("f1");
    expect(await addFault({ method: "DELETE" })).toBe("f2");
    const { faults } = (await (await g.control("GET", "/faults")).json()) as { faults: Record<string, unknown>[] };
    expect(faults).toEqual([
      expect.objectContaining({ id: "f1", path: "/*/groups", times: 2, remaining: 2, latencyMs: 1 }),
      expect.objectContaining({ id: "f2", method: "DELETE" }),
    ]);
    await g.get(`/${PHONE}/groups`);
    const listed = (await (await g.control("GET", "/state")).json()) as { faults: { id: string; remaining?: number }[] };
    expect(listed.faults[0]).toMatchObject({ id: "f1", remaining: 1 });
  });

  it("query matches only calls that carry those parameters with those values", async () => {
    await addFault({ method: "GET", path: "/*/groups", query: { limit: "7" }, error: { status: 500, code: 1 } });
    expect((await g.get(`/${PHONE}/groups?limit=8`)).status).toBe(200);
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
    expect((await g.get(`/${PHONE}/groups?limit=7`)).status).toBe(500);
  });

  it("latencyMs delays the answer, which is otherwise normal", async () => {
    // How closely the delay matches latencyMs is measured by `npm run bench`, not asserted here.
    await addFault({ method: "GET", path: "/*/groups", latencyMs: 300, times: 1 });
    const started = performance.now();
    const res = await g.get(`/${PHONE}/groups`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // The call log times the delay on the emulator's side too: a client tells its own time from the emulator's by it.
    const [delayed] = await g.ctl.calls();
    expect(delayed!.answeredAtMs! - delayed!.receivedAtMs).toBeGreaterThanOrEqual(290);
    // times: 1 was used up: the rule is gone and the next call is answered as usual.
    const { faults } = (await (await g.control("GET", "/faults")).json()) as { faults: unknown[] };
    expect(faults).toEqual([]);
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
  });

  it("error answers Meta's envelope with the status, code, subcode and Retry-After", async () => {
    await addFault({
      path: "/*/groups",
      error: { status: 429, code: 131208, subcode: 2494055, message: "Too many group operations", retryAfter: 7 },
    });
    const res = await g.get(`/${PHONE}/groups`);
    expect(res.headers.get("retry-after")).toBe("7");
    const err = await expectEnvelope(res, 429, 131208);
    expect(err).toMatchObject({ message: "Too many group operations", type: "OAuthException", error_subcode: 2494055 });
    // without retryAfter there is no header; type can be set
    await g.control("DELETE", "/faults");
    await addFault({ error: { status: 500, code: 2, type: "OAuthException" } });
    const plain = await g.get(`/${PHONE}/groups`);
    expect(plain.headers.get("retry-after")).toBeNull();
    await expectEnvelope(plain, 500, 2);
  });

  it("latency combines with an error", async () => {
    await addFault({ latencyMs: 200, error: { status: 503, code: 2 }, times: 1 });
    const started = performance.now();
    await expectEnvelope(await g.get(`/${PHONE}/groups`), 503, 2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("body malformed gives 200 with non-JSON; body empty gives 200 with nothing", async () => {
    await addFault({ body: "malformed", times: 1 });
    await addFault({ body: "empty", times: 1 });
    const bad = await g.get(`/${PHONE}/groups`);
    expect(bad.status).toBe(200);
    const text = await bad.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    const empty = await g.get(`/${PHONE}/groups`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe("");
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
  });

  it("drop destroys the socket without an answer; the server stays up", async () => {
    await addFault({ method: "GET", path: "/*/groups", drop: true, times: 1 });
    await expect(g.get(`/${PHONE}/groups`)).rejects.toThrow();
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
    // The dropped call was never answered, and the log says so.
    expect((await g.ctl.calls()).map((c) => c.answeredAtMs === null)).toEqual([true, false]);
  });

  it("times: N applies to N matching calls and then clears itself", async () => {
    await addFault({ method: "GET", path: "/*/groups", times: 2, error: { status: 500, code: 1 } });
    await expectEnvelope(await g.get(`/${PHONE}/groups`), 500, 1);
    // a non-matching call does not use it up
    expect((await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "x" })).status).toBe(200);
    await expectEnvelope(await g.get(`/${PHONE}/groups`), 500, 1);
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
    expect(((await (await g.control("GET", "/faults")).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it("the first matching rule applies; DELETE /faults/:id and DELETE /faults clear", async () => {
    const first = await addFault({ method: "GET", path: "/**", error: { status: 500, code: 1 } });
    await addFault({ method: "GET", path: "/**", error: { status: 503, code: 2 } });
    await expectEnvelope(await g.get(`/${PHONE}/groups`), 500, 1);
    expect((await g.control("DELETE", `/faults/${first}`)).status).toBe(200);
    await expectEnvelope(await g.get(`/${PHONE}/groups`), 503, 2);
    expect((await g.control("DELETE", `/faults/${first}`)).status).toBe(404);
    expect((await g.control("DELETE", "/faults")).status).toBe(200);
    expect((await g.get(`/${PHONE}/groups`)).status).toBe(200);
  });

  it("method and path globs select calls; the path has no version prefix", async () => {
    await addFault({ method: "DELETE", path: "/*", error: { status: 500, code: 1 } });
    await addFault({ path: "/*/join_requests", error: { status: 503, code: 2 } });
    const page = (await (await g.get(`/${PHONE}/groups`)).json()) as { data: { groups: { id: string }[] } };
    const id = page.data.groups[0]?.id ?? "";
    await expectEnvelope(await g.del(`/${id}`), 500, 1);
    expect((await g.get(`/${id}?fields=subject`)).status).toBe(200);
    await expectEnvelope(await g.get(`/${id}/join_requests`), 503, 2);
    expect((await g.get(`/${id}/invite_link`)).status).toBe(200);
  });

  it("faults do not touch the control API", async () => {
    await addFault({ error: { status: 500, code: 1 } });
    expect((await g.control("GET", "/state")).status).toBe(200);
  });
});

describe("globMatch", () => {
  it("matches * as one segment and ** as any number", () => {
    expect(globMatch("/*/groups", "/123/groups")).toBe(true);
    expect(globMatch("/*/groups", "/123/groups/x")).toBe(false);
    expect(globMatch("/*", "/abc")).toBe(true);
    expect(globMatch("/*", "/abc/invite_link")).toBe(false);
    expect(globMatch("/**", "/")).toBe(true);
    expect(globMatch("/**", "/a/b/c")).toBe(true);
    expect(globMatch("/**/join_requests", "/g/join_requests")).toBe(true);
    expect(globMatch("/*/join_*", "/g/join_requests")).toBe(true);
    expect(globMatch("/*/invite_link", "/g/join_requests")).toBe(false);
  });
});
