import "server-only";

import { z } from "zod";

export interface GraphServerConfig {
  baseUrl: string;
  version: string;
  accessToken: string;
  timeoutMs: number;
  /** a read's total time, retries included: how long a page waits for Meta at most */
  readDeadlineMs: number;
}

/** Empty strings count as unset, the way `.env` files are usually written. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema);

const graphEnvSchema = z.object({
  GRAPH_API_BASE_URL: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).default("https://graph.facebook.com"),
  ),
  GRAPH_API_VERSION: optional(
    z
      .string()
      .regex(/^v\d+\.\d+$/, { error: 'must look like "v23.0"' })
      .default("v23.0"),
  ),
  WHATSAPP_ACCESS_TOKEN: optional(z.string({ error: "is missing" }).trim().min(1, { error: "is missing" })),
  GRAPH_API_TIMEOUT_MS: optional(
    z.coerce
      .number({ error: "must be a whole number of milliseconds" })
      .int({ error: "must be a whole number of milliseconds" })
      .min(1, { error: "must be at least 1" })
      .max(600_000, { error: "must be at most 600000" })
      .default(10_000),
  ),
  GRAPH_API_READ_DEADLINE_MS: optional(
    z.coerce
      .number({ error: "must be a whole number of milliseconds" })
      .int({ error: "must be a whole number of milliseconds" })
      .min(1, { error: "must be at least 1" })
      .max(600_000, { error: "must be at most 600000" })
      .default(12_000),
  ),
});

/**
 * Reads the Graph client's settings from the environment. Throws one line naming the first bad variable;
 * values are never echoed (one of them is a secret).
 */
export function readGraphConfig(env: Record<string, string | undefined> = process.env): GraphServerConfig {
  const parsed = graphEnvSchema.safeParse({
    GRAPH_API_BASE_URL: env.GRAPH_API_BASE_URL,
    GRAPH_API_VERSION: env.GRAPH_API_VERSION,
    WHATSAPP_ACCESS_TOKEN: env.WHATSAPP_ACCESS_TOKEN,
    GRAPH_API_TIMEOUT_MS: env.GRAPH_API_TIMEOUT_MS,
    GRAPH_API_READ_DEADLINE_MS: env.GRAPH_API_READ_DEADLINE_MS,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "configuration");
    const reason = issue?.code === "invalid_type" && variable === "WHATSAPP_ACCESS_TOKEN" ? "is missing" : issue?.message;
    throw new Error(`Invalid server configuration: ${variable} ${reason ?? "is invalid"}`);
  }
  return {
    baseUrl: parsed.data.GRAPH_API_BASE_URL.replace(/\/+$/, ""),
    version: parsed.data.GRAPH_API_VERSION,
    accessToken: parsed.data.WHATSAPP_ACCESS_TOKEN,
    timeoutMs: parsed.data.GRAPH_API_TIMEOUT_MS,
    readDeadlineMs: parsed.data.GRAPH_API_READ_DEADLINE_MS,
  };
}
