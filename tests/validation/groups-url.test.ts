import { describe, expect, it } from "vitest";
import {
  groupsHref,
  indexPageHref,
  pageSizeHref,
  pageSizeOptions,
  pageWindow,
  parseGroupsUrl,
  searchHref,
  sortHref,
  switchNumberHref,
  withNumber,
} from "@/lib/url-state/groups";
import { groupPageHref, groupPageHrefs, parseGroupPageUrl } from "@/lib/url-state/group-page";

describe("the groups table's URL state", () => {
  it("reads a well-formed URL as it is, and builds it back", () => {
    const raw = new URLSearchParams("number=106540352242922&limit=50&after=QVFIUmFiYw%3D%3D");
    const { state, corrections } = parseGroupsUrl(raw);
    expect(corrections).toEqual([]);
    expect(state).toEqual({ number: "106540352242922", limit: 50, after: "QVFIUmFiYw==", sort: "created", dir: "desc", page: 1 });
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
    expect(state).toEqual({ limit: 10, sort: "created", dir: "desc", page: 1 });
    expect(corrections.map((c) => c.param)).toEqual(["number", "after"]);
  });

  it("keeps one cursor: after wins over before", () => {
    expect(parseGroupsUrl({ after: "A", before: "B" }).state).toMatchObject({ after: "A" });
    expect(parseGroupsUrl({ after: "A", before: "B" }).state.before).toBeUndefined();
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

  it("keeps the index's search, sort and page, and corrects a page that is not a number", () => {
    const { state, corrections } = parseGroupsUrl({ q: "  book club ", sort: "subject", dir: "asc", page: "3", view: "live" });
    expect(state).toMatchObject({ q: "book club", sort: "subject", dir: "asc", page: 3, view: "live" });
    expect(corrections).toEqual([]);
    expect(groupsHref(state)).toBe("/groups?view=live&q=book+club&sort=subject&dir=asc&page=3");
    expect(parseGroupsUrl({ page: "zero" }).corrections).toEqual([
      { param: "page", message: expect.stringContaining("not a page number") },
    ]);
    expect(parseGroupsUrl({ sort: "size", dir: "sideways" }).state).toMatchObject({ sort: "created", dir: "desc" });
  });

  it("sorting by the current column flips its direction; another column starts its natural way; pages show a window", () => {
    const state = parseGroupsUrl({ sort: "subject", dir: "asc", page: "4", q: "x" }).state;
    expect(sortHref(state, "subject")).toBe("/groups?q=x&sort=subject");
    expect(sortHref(state, "created")).toBe("/groups?q=x");
    expect(searchHref(state, "  lisboa ")).toBe("/groups?q=lisboa&sort=subject&dir=asc");
    expect(indexPageHref(state, 5)).toBe("/groups?q=x&sort=subject&dir=asc&page=5");
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(6, 400)).toEqual([1, null, 4, 5, 6, 7, 8, null, 400]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("a group page's URL", () => {
  it("escapes the group ID and keeps the number and one join-requests cursor, for one group or a table's rows", () => {
    const id = "Y2FwaV9n/cm91cA==";
    expect(groupPageHref(id)).toBe("/groups/Y2FwaV9n%2Fcm91cA%3D%3D");
    expect(groupPageHref(id, { number: "106540352242922", jrAfter: "QUZ", jrBefore: "QkV" })).toBe(
      "/groups/Y2FwaV9n%2Fcm91cA%3D%3D?number=106540352242922&jrAfter=QUZ",
    );
    const hrefOf = groupPageHrefs({ number: "106540352242922" });
    expect([hrefOf("a"), hrefOf("b?c")]).toEqual(["/groups/a?number=106540352242922", "/groups/b%3Fc?number=106540352242922"]);
    expect(parseGroupPageUrl({ number: ["106540352242922", "1"], jrAfter: "<x>", jrBefore: "QkV" })).toEqual({
      number: "106540352242922",
      jrBefore: "QkV",
    });
  });
});
