import type { ResolverOptions } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { lazyResolver } from "@/lib/forms/lazy-resolver";
import { createGroupSchema, type CreateGroupInput, type CreateGroupValues } from "@/lib/validation/create-group";

const options: ResolverOptions<CreateGroupInput> = { fields: {}, shouldUseNativeValidation: false, criteriaMode: "firstError" };
const typed: CreateGroupInput = {
  phoneNumberId: "106540352242922",
  subject: "  Book Club Lisbon ",
  description: "   ",
  joinApprovalMode: "approval_required",
  idempotencyKey: "0b6f8a3e-4d8c-4f5e-9a7b-2c1d3e4f5a6b",
};

describe("a form's schema loaded on first use", () => {
  it("validates with the schema the server parses with: its messages, its transforms, one load", async () => {
    let loads = 0;
    const { resolver } = lazyResolver(() => {
      loads += 1;
      return Promise.resolve(createGroupSchema);
    });

    const bad = await resolver({ ...typed, subject: "   " }, undefined, options);
    expect(bad.errors.subject?.message).toBe("Enter a subject.");
    expect(bad.values).toEqual({});

    const good = await resolver(typed, undefined, options);
    expect(good.errors).toEqual({});
    // trimmed, and an empty description is none, as the server action will see it
    expect(good.values).toMatchObject({ subject: "Book Club Lisbon", description: undefined });
    expect(loads).toBe(1);
  });

  it("submits what was typed when the schema cannot load, and tries the load again next time", async () => {
    let attempts = 0;
    const { resolver, preload } = lazyResolver(() => {
      attempts += 1;
      if (attempts === 1) return Promise.reject(new Error("ChunkLoadError: Loading chunk 123 failed."));
      return Promise.resolve(createGroupSchema);
    });
    preload(); // a failed preload is not an unhandled rejection
    await new Promise((resolve) => setTimeout(resolve, 0));

    const second = await resolver({ ...typed, subject: "" }, undefined, options);
    expect(second.errors.subject?.message).toBe("Enter a subject.");
    expect(attempts).toBe(2);
  });

  it("leaves the checks to the server when the load keeps failing, rather than a form that does nothing", async () => {
    const { resolver } = lazyResolver<CreateGroupInput, CreateGroupValues>(() => Promise.reject(new Error("offline")));
    const result = await resolver({ ...typed, subject: "" }, undefined, options);
    expect(result).toEqual({ values: { ...typed, subject: "" }, errors: {} });
  });
});
