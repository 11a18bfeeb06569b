import { z } from "zod";
import { IDENTITY_SHAPES, type IdentityShape } from "./identity";
import type { EmulatorOptions } from "./server";

const intInRange = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return fallback;
      const t = v.trim();
      const n = Number(t);
      if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < min || n > max) {
        c.addIssue({ code: "custom", message: `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    });

const nonEmpty = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined) return fallback;
      if (v.trim() === "") {
        c.addIssue({ code: "custom", message: `${name} must not be empty` });
        return z.NEVER;
      }
      return v;
    });

const envSchema = z.object({
  EMULATOR_PORT: intInRange("EMULATOR_PORT", 0, 65_535, 4000),
  EMULATOR_HOST: nonEmpty("EMULATOR_HOST", "127.0.0.1"),
  EMULATOR_ACCESS_TOKEN: nonEmpty("EMULATOR_ACCESS_TOKEN", "emulator-token").refine((v) => !/\s/.test(v), {
    message: "EMULATOR_ACCESS_TOKEN must not contain whitespace",
  }),
  EMULATOR_PHONE_NUMBER_IDS: z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return ["106540352242922", "106540352242923"];
      const ids = v.split(",").map((s) => s.trim());
      const bad = ids.find((id) => !/^\d{1,20}$/.test(id));
      if (bad !== undefined) {
        c.addIssue({
          code: "custom",
          message: `EMULATOR_PHONE_NUMBER_IDS must be comma-separated digit ids, got ${JSON.stringify(bad)}`,
        });
        return z.NEVER;
      }
      if (new Set(ids).size !== ids.length) {
        c.addIssue({ code: "custom", message: "EMULATOR_PHONE_NUMBER_IDS contains a duplicate id" });
        return z.NEVER;
      }
      return ids;
    }),
  EMULATOR_SEED_GROUPS: intInRange("EMULATOR_SEED_GROUPS", 0, 10_000, 0),
  EMULATOR_CREATE_DELAY_MS: intInRange("EMULATOR_CREATE_DELAY_MS", 0, 3_600_000, 1500),
  EMULATOR_WEBHOOK_DELAY_MS: intInRange("EMULATOR_WEBHOOK_DELAY_MS", 0, 3_600_000, 0),
  EMULATOR_IDENTITY_SHAPE: z
    .string()
    .optional()
    .transform((v, c): IdentityShape => {
      if (v === undefined || v.trim() === "") return "wa_id";
      const t = v.trim();
      if (!(IDENTITY_SHAPES as readonly string[]).includes(t)) {
        c.addIssue({
          code: "custom",
          message: `EMULATOR_IDENTITY_SHAPE must be one of ${IDENTITY_SHAPES.join(", ")}, got ${JSON.stringify(v)}`,
        });
        return z.NEVER;
      }
      return t as IdentityShape;
    }),
  EMULATOR_STRICT_USER_AGENT: z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return false;
      const t = v.trim().toLowerCase();
      if (t === "1" || t === "true") return true;
      if (t === "0" || t === "false") return false;
      c.addIssue({ code: "custom", message: `EMULATOR_STRICT_USER_AGENT must be true/false or 1/0, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }),
  EMULATOR_WEBHOOK_URL: z
    .string()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v.trim() === "") return null;
      try {
        const url = new URL(v.trim());
        if (url.protocol === "http:" || url.protocol === "https:") return url.toString();
      } catch {
        // fall through
      }
      c.addIssue({ code: "custom", message: `EMULATOR_WEBHOOK_URL must be an http(s) URL, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }),
  EMULATOR_APP_SECRET: nonEmpty("EMULATOR_APP_SECRET", "emulator-app-secret"),
});

export type ConfigResult = { ok: true; options: EmulatorOptions } | { ok: false; error: string };

/** Reads the emulator's environment. On a bad value returns one human-readable line. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0];
    const message = issue?.message ?? "invalid configuration";
    return { ok: false, error: typeof field === "string" && !message.startsWith(field) ? `${field}: ${message}` : message };
  }
  const e = result.data;
  return {
    ok: true,
    options: {
      port: e.EMULATOR_PORT,
      host: e.EMULATOR_HOST,
      accessToken: e.EMULATOR_ACCESS_TOKEN,
      phoneNumberIds: e.EMULATOR_PHONE_NUMBER_IDS,
      seedGroups: e.EMULATOR_SEED_GROUPS,
      createDelayMs: e.EMULATOR_CREATE_DELAY_MS,
      webhookDelayMs: e.EMULATOR_WEBHOOK_DELAY_MS,
      identityShape: e.EMULATOR_IDENTITY_SHAPE,
      strictUserAgent: e.EMULATOR_STRICT_USER_AGENT,
      webhookUrl: e.EMULATOR_WEBHOOK_URL,
      appSecret: e.EMULATOR_APP_SECRET,
    },
  };
}
