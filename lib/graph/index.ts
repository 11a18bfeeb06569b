import "server-only";

import { outboundFetch } from "@/lib/http/outbound";
import { inRequestScope, logger } from "@/lib/log";
import { createGraphClient, type GraphCallInfo, type GraphClient } from "./client";
import { readGraphConfig } from "./config";

export type { GraphClient } from "./client";
export { GraphError, isGraphError } from "./errors";
export type { GraphErrorKind } from "./errors";
export * from "./types";

let client: GraphClient | undefined;

/**
 * The app's Graph client, built on first use from server configuration (see readGraphConfig).
 * Throws the configuration error on first use if the environment is incomplete.
 */
export function getGraphClient(): GraphClient {
  if (!client) {
    const config = readGraphConfig();
    client = scopedToRequest(createGraphClient({ ...config, fetch: outboundFetch, onCall: logGraphCall }));
  }
  return client;
}

/**
 * Every call runs in its request's log scope, wherever it is made (a page, a child server component, an action), so
 * its log lines carry the request's ID.
 */
function scopedToRequest(graph: GraphClient): GraphClient {
  const scoped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(graph) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    scoped[name] = (...args: unknown[]) => inRequestScope(() => method(...args));
  }
  return scoped as unknown as GraphClient;
}

/** One line per exchange with Meta (each retry its own line); the path never holds the token, the query is left out. */
function logGraphCall(info: GraphCallInfo): void {
  const failed = info.status === null || info.status >= 400;
  logger[failed ? "warn" : "info"]({ graph: info }, `Graph ${info.method} ${info.path} ${info.status ?? "no answer"}`);
}
