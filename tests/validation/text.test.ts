import { describe, expect, it } from "vitest";
import { isGroupId } from "@/lib/validation/ids";
import { createGroupSchema } from "@/lib/validation/create-group";
import { DESCRIPTION_MAX, SUBJECT_MAX } from "@/lib/validation/limits";
import { codePointLength } from "@/lib/validation/text";
import { isInviteLink } from "@/lib/validation/invite-link";
import { safeParse } from "zod/mini";

const form = (subject: string, description?: string) =>
  safeParse(createGroupSchema, {
    phoneNumberId: "106540352242922",
    subject,
    description,
    joinApprovalMode: "auto_approve",
    idempotencyKey: crypto.randomUUID(),
  });
const messages = (result: ReturnType<typeof form>) => (result.success ? [] : result.error.issues.map((i) => i.message));

describe("subjects and descriptions", () => {
  it("counts characters the way the live counter does: 128 emoji fit, 129 do not", () => {
    expect(codePointLength("😀".repeat(128))).toBe(128);
    expect(form("😀".repeat(SUBJECT_MAX)).success).toBe(true);
    expect(messages(form("😀".repeat(SUBJECT_MAX + 1)))).toEqual([expect.stringContaining("at most 128 characters")]);
    expect(form("x", "😀".repeat(DESCRIPTION_MAX)).success).toBe(true);
    expect(form("x", "😀".repeat(DESCRIPTION_MAX + 1)).success).toBe(false);
  });

  it.each([
    ["a NUL", "Book\u0000club", "control characters"],
    ["a line break", "Book\nclub", "control characters"],
    ["a C1 control", "Book\u0085club", "control characters"],
    ["a right-to-left override", "Book \u202eclub", "text-direction override"],
    ["an isolate", "\u2066Book club", "text-direction override"],
    ["only zero-width characters", "\u200b\u200c\u200d\ufeff", "visible character"],
    ["only a Hangul filler", "\u3164", "visible character"],
  ])("refuses a subject with %s", (_, subject, expected) => {
    expect(messages(form(subject))).toEqual([expect.stringContaining(expected)]);
  });

  it("accepts real-world subjects: accents, right-to-left scripts, emoji with joiners", () => {
    for (const subject of ["Clube do Livro · Lisboa", "نادي الكتاب", "👩‍👩‍👧 Families", "Café ☕"]) {
      expect(form(subject).success).toBe(true);
    }
  });

  it("lets a description have line breaks and tabs, but not other control characters or overrides", () => {
    expect(form("x", "Line one\nLine two\twith a tab").success).toBe(true);
    expect(messages(form("x", "bad\u0000"))).toEqual([expect.stringContaining("control characters")]);
    expect(messages(form("x", "bad\u202e"))).toEqual([expect.stringContaining("text-direction")]);
  });
});

describe("IDs and links from the outside", () => {
  it("refuses group IDs that would move a Graph URL", () => {
    for (const bad of [".", "..", "...", "", "a/b", "a?b", "x".repeat(257)]) expect(isGroupId(bad)).toBe(false);
    for (const good of ["Y2FwaV9ncm91cDoxOTUwNTU1MDA3OToxMjAzNjMzOTQzMjAdOTY0MTUZD", "120363.abc", "a=b"]) {
      expect(isGroupId(good)).toBe(true);
    }
  });

  it("takes only https://chat.whatsapp.com/<code> as an invite link", () => {
    expect(isInviteLink("https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv")).toBe(true);
    for (const bad of [
      "http://chat.whatsapp.com/AbCdEfGhIjKl",
      "https://chat.whatsapp.com.evil.example/AbCdEfGh",
      "https://evil.example/?https://chat.whatsapp.com/AbCdEf",
      "javascript:alert(1)",
      "https://chat.whatsapp.com/AbCdEf/../x",
      "https://chat.whatsapp.com/",
    ]) {
      expect(isInviteLink(bad)).toBe(false);
    }
  });
});
