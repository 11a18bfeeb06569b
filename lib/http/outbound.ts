import "server-only";
import { outsideRequests } from "@/lib/startup-context";

/**
 * `fetch` for calls to other servers (Meta's Graph API) that keeps no request alive: the call runs in the server's
 * startup context, so the keep-alive connection it may open, and the timers and promises inside fetch, hold nothing of
 * the request that made it (lib/startup-context.ts). The caller awaits it in its own context as usual.
 */
export const outboundFetch: typeof fetch = (input, init) => outsideRequests(() => fetch(input, init));
