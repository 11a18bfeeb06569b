import { describe, expect, it } from "vitest";
import { parseGraphDate } from "@/lib/dates";

const iso = (value: string | number) => parseGraphDate(value)?.toISOString() ?? null;

describe("parseGraphDate", () => {
  it("reads Graph's own form, with its +0000 offset, as UTC", () => {
    expect(iso("2026-01-01T00:00:00+0000")).toBe("2026-01-01T00:00:00.000Z");
    expect(iso("2025-12-31T20:48:01.250+0000")).toBe("2025-12-31T20:48:01.250Z");
  });

  it("applies any other offset, with or without its colon", () => {
    expect(iso("2026-01-01T10:00:00+0530")).toBe("2026-01-01T04:30:00.000Z");
    expect(iso("2026-01-01T10:00:00-02:00")).toBe("2026-01-01T12:00:00.000Z");
    expect(iso("2026-01-01T10:00:00Z")).toBe("2026-01-01T10:00:00.000Z");
  });

  it("reads Unix seconds, as a number or as digits", () => {
    expect(iso(1767225600)).toBe("2026-01-01T00:00:00.000Z");
    expect(iso("1767225600")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("answers null for what is not a date, so that it is shown as it came", () => {
    for (const value of ["", "yesterday", "2026-13-01T10:00:00+0000", "2026-01-01T25:00:00+0000", "12345"])
      expect(parseGraphDate(value), value).toBeNull();
    expect(parseGraphDate(null)).toBeNull();
    expect(parseGraphDate(undefined)).toBeNull();
  });
});
