import { describe, expect, it } from "vitest";
import { groupsHref, pageSizeHref, pageSizeOptions, parseGroupsUrl, switchNumberHref, withNumber } from "@/lib/url-state/groups";

describe("the groups table's URL state", () => {
  it("reads a well-formed URL as it is, and builds it back", () => {
    const raw = new URLSearchParams("number=106540352242922&limit=50&after=QVFIUmFiYw%3D%3D");
    const { state, corrections } = parseGroupsUrl(raw);
    expect(corrections).toEqual([]);
    expect(state).toEqual({ number: "106540352242922", limit: 50, after: "QVFIUmFiYw==" });
    expect(groupsHref(state)).toBe("/groups?number=106540352242922&limit=50&after=QVFIUmFiYw%3D%3D");
  });

  it("leaves defaults out: the plain list is plain /groups", () => {
    expect(groupsHref(parseGroupsUrl({}).state)).toBe("/groups");
    expect(groupsHref({ limit: 25 })).toBe("/groups");
  });

  it.each([
    ["5000", 1024, "more than Meta allows: showing 1,024"],
    ["0", 25, "not a page size from 1 to 1,024: showing 25"],
    ["ten", 25, "not a page size"],
    ["-3", 25, "not a page size"],
    ["2.5", 25, "not a page size"],
  ])("corrects limit=%s to %i and says so", (limit, expected, message) => {
    const { state, corrections } = parseGroupsUrl({ limit });
    expect(state.limit).toBe(expected);
    expect(corrections).toEqual([{ param: "limit", message: expect.stringContaining(message) }]);
  });

  it("drops a malformed number or cursor and says so; takes the first of repeated values", () => {
    const { state, corrections } = parseGroupsUrl({ number: "abc", after: "<script>", limit: ["10", "20"] });
    expect(state).toEqual({ limit: 10 });
    expect(corrections.map((c) => c.param)).toEqual(["number", "after"]);
  });

  it("keeps one cursor: after wins over before", () => {
    expect(parseGroupsUrl({ after: "A", before: "B" }).state).toEqual({ limit: 25, after: "A" });
  });

  it("knows its one-time notices and ignores others", () => {
    expect(parseGroupsUrl({ notice: "cursor-expired" }).state.notice).toBe("cursor-expired");
    expect(parseGroupsUrl({ notice: "anything" }).state.notice).toBeUndefined();
  });

  it("starts a new page size from the first page, keeping the number", () => {
    expect(pageSizeHref({ number: "106540352242922" }, 100)).toBe("/groups?number=106540352242922&limit=100");
    expect(pageSizeOptions(25)).toEqual([10, 25, 50, 100]);
    expect(pageSizeOptions(1024)).toEqual([10, 25, 50, 100, 1024]);
  });

  it("keeps the number across pages, and a group's page switches to the other number's list", () => {
    expect(withNumber("/requests", "106540352242923")).toBe("/requests?number=106540352242923");
    expect(withNumber("/requests", null)).toBe("/requests");
    expect(switchNumberHref("/groups", "106540352242923")).toBe("/groups?number=106540352242923");
    expect(switchNumberHref("/groups/new", "106540352242923")).toBe("/groups/new?number=106540352242923");
    expect(switchNumberHref("/groups/Y2FwaV9ncm91cA", "106540352242923")).toBe("/groups?number=106540352242923");
  });
});
