import "server-only";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { outsideRequests } from "@/lib/startup-context";

const connectDirectly = buildConnector({});

/** Keep-alive connections as Node's own fetch keeps them, each opened outside any request (lib/startup-context.ts). */
const outboundAgent = new Agent({
  connect: (options, callback) => outsideRequests(() => connectDirectly(options, callback)),
});

/**
 * `fetch` for calls to other servers (Meta's Graph API) that keeps no request alive through its connections. It is
 * undici's own fetch, so that the agent and the fetch using it are one version whatever version Node bundles.
 */
export const outboundFetch: typeof fetch = (input, init) =>
  undiciFetch(input as Parameters<typeof undiciFetch>[0], {
    ...(init as Parameters<typeof undiciFetch>[1]),
    dispatcher: outboundAgent,
  }) as unknown as Promise<Response>;
