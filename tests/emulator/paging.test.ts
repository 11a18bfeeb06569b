import { describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { api, type Api, emulatorSuite, expectEnvelope, type GroupsPage, PHONE, PHONE2, TOKEN, waitUntil } from "./helpers";

async function page(g: Api, url: string): Promise<GroupsPage> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as GroupsPage;
}

describe("pagination over 2,500 groups", () => {
  const { emu, g } = emulatorSuite({ seed: 2500, createDelayMs: 0, reset: false });

  it("walks forward with limit 1024, then backward, seeing every group exactly once in stable order", async () => {
    const forward: string[] = [];
    const pages: GroupsPage[] = [];
    let current = await page(g, `${emu.url}/v23.0/${PHONE}/groups?limit=1024`);
    pages.push(current);
    forward.push(...current.data.groups.map((x) => x.id));
    expect(current.paging.previous).toBeUndefined();
    while (current.paging.next) {
      expect(current.paging.next).toMatch(new RegExp(`^${emu.url}/v23\\.0/${PHONE}/groups\\?limit=1024&after=`));
      current = await page(g, current.paging.next);
      pages.push(current);
      forward.push(...current.data.groups.map((x) => x.id));
    }
    expect(pages.map((p) => p.data.groups.length)).toEqual([1024, 1024, 452]);
    expect(forward).toHaveLength(2500);
    expect(new Set(forward).size).toBe(2500);

    // newest first: created_at never increases
    const all = pages.flatMap((p) => p.data.groups);
    for (let i = 1; i < all.length; i++) {
      expect((all[i - 1]?.created_at ?? "") >= (all[i]?.created_at ?? "")).toBe(true);
    }

    const backward: string[] = [...current.data.groups.map((x) => x.id)].reverse();
    while (current.paging.previous) {
      expect(current.paging.previous).toContain("limit=1024&before=");
      current = await page(g, current.paging.previous);
      backward.push(...[...current.data.groups.map((x) => x.id)].reverse());
    }
    expect(backward.reverse()).toEqual(forward);
    expect(current.paging.previous).toBeUndefined();
    expect(current.data.groups.length).toBe(1024);
  });

  it("is stable between calls and uses the same order as small pages", async () => {
    const big = await page(g, `${emu.url}/v23.0/${PHONE}/groups?limit=60`);
    const small: string[] = [];
    let url: string | undefined = `${emu.url}/v23.0/${PHONE}/groups?limit=7`;
    while (url && small.length < 60) {
      const p: GroupsPage = await page(g, url);
      small.push(...p.data.groups.map((x) => x.id));
      url = p.paging.next;
    }
    expect(small.slice(0, 60)).toEqual(big.data.groups.map((x) => x.id));
  });

  it("keeps cursors valid when groups are added (keyset positions)", async () => {
    const first = await page(g, `${emu.url}/v23.0/${PHONE}/groups?limit=5`);
    const expected = await page(g, first.paging.next ?? "");
    await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "Newest" });
    await waitUntil(async () => (await page(g, `${emu.url}/v23.0/${PHONE}/groups?limit=1`)).data.groups[0]?.subject === "Newest");
    const again = await page(g, first.paging.next ?? "");
    expect(again.data.groups.map((x) => x.id)).toEqual(expected.data.groups.map((x) => x.id));
    const back = await page(
      g,
      first.paging.previous ?? `${emu.url}/v23.0/${PHONE}/groups?limit=5&before=${first.paging.cursors.before}`,
    );
    expect(back.data.groups.map((x) => x.subject)).toEqual(["Newest"]);
  });

  it("refuses forged, malformed and foreign cursors with 131059", async () => {
    const first = await page(g, `${emu.url}/v23.0/${PHONE}/groups?limit=5`);
    const after = first.paging.cursors.after ?? "";
    const raw = Buffer.from(after, "base64url");
    const last = raw.length - 3;
    raw[last] = (raw[last] ?? 0) ^ 1;
    const forged = raw.toString("base64url");
    const base = `/${PHONE}/groups?limit=5`;
    for (const bad of [forged, "garbage", "", "%%%", Buffer.from('{"s":"x","t":1,"id":"a","e":9e15}').toString("base64url")]) {
      const err = await expectEnvelope(await g.get(`${base}&after=${encodeURIComponent(bad)}`), 400, 131059);
      expect(err.message).toContain("cursor");
    }
    await expectEnvelope(await g.get(`${base}&before=${forged}`), 400, 131059);
    // a cursor from another number's list is refused too
    await expectEnvelope(await g.get(`/${PHONE2}/groups?after=${after}`), 400, 131059);
  });
});

describe("cursor expiry", () => {
  it("refuses an expired cursor with 131059 (injected clock)", async () => {
    let clock = Date.UTC(2026, 5, 1);
    const emu = await startEmulator({ port: 0, accessToken: TOKEN, seedGroups: 10, now: () => clock });
    try {
      const g = api(emu.url);
      const first = (await (await g.get(`/${PHONE}/groups?limit=3`)).json()) as GroupsPage;
      const after = first.paging.cursors.after ?? "";
      clock += 59 * 60 * 1000;
      expect((await g.get(`/${PHONE}/groups?limit=3&after=${after}`)).status).toBe(200);
      clock += 2 * 60 * 1000;
      const err = await expectEnvelope(await g.get(`/${PHONE}/groups?limit=3&after=${after}`), 400, 131059);
      expect(err.message).toMatch(/Invalid or expired cursor/);
    } finally {
      await emu.close();
    }
  });

  it("honours a short cursorTtlMs", async () => {
    const emu = await startEmulator({ port: 0, accessToken: TOKEN, seedGroups: 10, cursorTtlMs: 30 });
    try {
      const g = api(emu.url);
      const first = (await (await g.get(`/${PHONE}/groups?limit=3`)).json()) as GroupsPage;
      await new Promise((r) => setTimeout(r, 60));
      await expectEnvelope(await g.get(`/${PHONE}/groups?after=${first.paging.cursors.after}`), 400, 131059);
    } finally {
      await emu.close();
    }
  });
});

describe("10,000 groups per number", () => {
  const { emu, g } = emulatorSuite({ seed: 0, createDelayMs: 50, reset: false });

  it("refuses the 10,001st group with 131211, counting pending creates", async () => {
    await g.control("POST", "/seed", { phoneNumberId: PHONE, count: 9_999 });
    const ok = await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "The last one" });
    expect(ok.status).toBe(200);
    // still pending, but it counts
    const err = await expectEnvelope(
      await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "One too many" }),
      400,
      131211,
    );
    expect(err.message).toMatch(/limit/i);
    // the other number is unaffected
    expect((await g.post(`/${PHONE2}/groups`, { messaging_product: "whatsapp", subject: "Elsewhere" })).status).toBe(200);
    await waitUntil(
      async () => ((await (await g.control("GET", "/state")).json()) as { pendingCreates: number }).pendingCreates === 0,
    );
    await expectEnvelope(
      await g.post(`/${PHONE}/groups`, { messaging_product: "whatsapp", subject: "Still too many" }),
      400,
      131211,
    );
  });

  it("lists all 10,000 at 1024 a page", async () => {
    // How long the walk takes is measured by `npm run bench`.
    let url: string | undefined = `${emu.url}/v23.0/${PHONE}/groups?limit=1024`;
    let seen = 0;
    while (url) {
      const p: GroupsPage = await page(g, url);
      seen += p.data.groups.length;
      url = p.paging.next;
    }
    expect(seen).toBe(10_000);
  });
});
