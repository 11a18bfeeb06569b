import "server-only";
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { LOG_LEVELS } from "@/lib/log";

/**
 * Server configuration, parsed once. A malformed value stops the server with one line naming the variable
 * (see instrumentation.ts). Nothing here is NEXT_PUBLIC_: none of it may reach a browser. The Graph settings and
 * the access token are read by lib/graph/config.ts, the only code that talks to Meta.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: or postgres://")
      .default("file:./data/dashboard.db"),
    WHATSAPP_PHONE_NUMBER_IDS: z
      .string()
      .default("")
      .transform((raw, ctx) => {
        const numbers = parsePhoneNumberIds(raw);
        if (numbers === null) {
          ctx.addIssue({ code: "custom", message: "must be comma-separated digits, each optionally followed by :Label" });
          return z.NEVER;
        }
        return numbers;
      }),
    WHATSAPP_APP_SECRET: z.string().min(1).optional(),
    WHATSAPP_WEBHOOK_VERIFY_TOKEN: z.string().min(1).optional(),
    REQUEST_PENDING_WARN_AFTER_SECONDS: z.coerce.number().int().positive().default(120),
    LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    SESSION_MAX_AGE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(8),
    GROUP_SYNC_INTERVAL_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(15),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
    // Meta retries a delivery for up to 7 days: a delivery must outlive that, or a retry would be applied again.
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(8, "must be at least 8 (Meta retries for 7 days)").max(3650).default(30),
    // Read by lib/log.ts itself (the log exists before the environment is parsed); listed here so a typo stops the start.
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const first = issues[0];
    const name = first?.path?.map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".") ?? "environment";
    throw new Error(`Invalid environment variable ${name}: ${first?.message ?? "invalid value"}`);
  },
});

export interface BusinessNumber {
  id: string;
  label: string;
}

/** `123,456:Support` → [{id:"123",label:"123"},{id:"456",label:"Support"}]; null when malformed. */
function parsePhoneNumberIds(raw: string): BusinessNumber[] | null {
  const parts = raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const numbers: BusinessNumber[] = [];
  for (const part of parts) {
    const [id, ...rest] = part.split(":");
    const label = rest.join(":").trim();
    if (!id || !/^\d{5,20}$/.test(id.trim())) return null;
    numbers.push({ id: id.trim(), label: label || id.trim() });
  }
  return numbers;
}
