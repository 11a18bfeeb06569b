import "server-only";

import { createGraphClient, type GraphClient } from "./client";
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
    client = createGraphClient(config);
  }
  return client;
}
