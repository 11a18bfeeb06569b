import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { GraphClient } from "@/lib/graph/client";
import { isGraphError, type GraphError } from "@/lib/graph/errors";
import type { GroupPage } from "@/lib/graph/types";

import { caught, OTHER_PHONE, PHONE, startTestEmulator, type TestEmulator } from "./support";

const TOTAL = 2_500;
const LIMIT = 1024;

let emu: TestEmulator;
let graph: GraphClient;

beforeAll(async () => {
  emu = await startTestEmulator(0);
  await emu.reset({ seedGroups: 0 });
  expect(await emu.seed(PHONE, TOTAL)).toBe(TOTAL);
  await emu.seed(OTHER_PHONE, 3);
  graph = emu.client();
});
afterAll(async () => {
  await emu?.close();
});

describe("pagination over 2,500 groups", () => {
  it("walks forward with limit 1024, then backward from the last page: every group once, same order", async () => {
    const forwardPages: GroupPage[] = [];
    let page = await graph.listGroups(PHONE, { limit: LIMIT });
    forwardPages.push(page);
    expect(page.hasPrevious).toBe(false);
    while (page.hasNext) {
      page = await graph.listGroups(PHONE, { limit: LIMIT, after: page.cursors.after });
      forwardPages.push(page);
    }
    expect(forwardPages.map((p) => p.groups.length)).toEqual([1024, 1024, 452]);
    const forward = forwardPages.flatMap((p) => p.groups.map((g) => g.id));
    expect(forward).toHaveLength(TOTAL);
    expect(new Set(forward).size).toBe(TOTAL);

    // Backward: from the last page, follow `before` until there is no previous page.
    const backwardPages: GroupPage[] = [page];
    while (page.hasPrevious) {
      page = await graph.listGroups(PHONE, { limit: LIMIT, before: page.cursors.before });
      backwardPages.push(page);
    }
    expect(page.hasPrevious).toBe(false);
    const backward = backwardPages.reverse().flatMap((p) => p.groups.map((g) => g.id));
    expect(backward).toEqual(forward);

    // A second forward walk gives the same order (stable).
    const again = await graph.listGroups(PHONE, { limit: LIMIT });
    expect(again.groups.map((g) => g.id)).toEqual(forward.slice(0, LIMIT));
  });

  it("pages in a stable order with default and small limits", async () => {
    const first = await graph.listGroups(PHONE);
    expect(first.groups).toHaveLength(25);
    const next = await graph.listGroups(PHONE, { limit: 25, after: first.cursors.after });
    const prev = await graph.listGroups(PHONE, { limit: 25, before: next.cursors.before });
    expect(prev.groups.map((g) => g.id)).toEqual(first.groups.map((g) => g.id));
    expect(next.hasPrevious).toBe(true);
  });

  it("a forged cursor → invalid-cursor (131059)", async () => {
    const real = await graph.listGroups(PHONE, { limit: 2 });
    const forged = Buffer.from('{"t":0,"id":"x"}').toString("base64url");
    for (const cursor of [forged, `${real.cursors.after!.slice(0, -2)}AA`, "not-a-cursor"]) {
      const error = (await caught(() => graph.listGroups(PHONE, { after: cursor }))) as GraphError;
      expect(isGraphError(error)).toBe(true);
      expect(error).toMatchObject({ kind: "invalid-cursor", code: 131059, status: 400 });
    }
  });

  it("a cursor from another number's list → invalid-cursor", async () => {
    const other = await graph.listGroups(OTHER_PHONE, { limit: 1 });
    const error = (await caught(() => graph.listGroups(PHONE, { after: other.cursors.after }))) as GraphError;
    expect(error.kind).toBe("invalid-cursor");
  });

  it("a forged join-request cursor → invalid-cursor", async () => {
    const [group] = (await graph.listGroups(PHONE, { limit: 1 })).groups;
    const error = (await caught(() => graph.listJoinRequests(group!.id, { before: "Zm9yZ2Vk" }))) as GraphError;
    expect(error.kind).toBe("invalid-cursor");
  });
});
