import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

describe("where a user goes after signing in", () => {
  it.each([
    ["/groups?limit=10", "/groups?limit=10"],
    ["/requests#latest", "/requests#latest"],
    ["/groups/new?number=106540352242922", "/groups/new?number=106540352242922"],
    ["/gr%C3%BCppen", "/gr%C3%BCppen"],
    ["/grüppen", "/gr%C3%BCppen"],
    ["/groups?q=Lisboa 😀", "/groups?q=Lisboa%20%F0%9F%98%80"],
  ])("keeps the same-site path %j", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it.each([
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/%2e//evil.example",
    "https://evil.example/",
    "http://dashboard.invalid/x",
    "javascript:alert(1)",
    "groups",
    "",
    `/${"a".repeat(3000)}`,
  ])("falls back to /groups for %j", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/groups");
  });

  it("never returns anything a Location header cannot carry", () => {
    for (const raw of ["/ünïcødé", "/\u4e2d\u6587", "/x?y=\u00ff\u0100", "/\u2028"]) {
      const out = safeCallbackPath(raw);
      expect(out).toMatch(/^\/[\x21-\x7e]*$/);
      expect(out.startsWith("//")).toBe(false);
    }
  });
});
