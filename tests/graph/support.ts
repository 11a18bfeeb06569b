import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  ControlClient,
  type CallRecord as RecordedCall,
  type FaultRuleInput as FaultRule,
  type GroupSnapshot,
  type JoinAnswer,
} from "@/emulator/control-client";
import { startEmulator } from "@/emulator/server";
import { createGraphClient, type GraphClient, type GraphClientConfig } from "@/lib/graph/client";

export const TOKEN = "test-token";
export const VERSION = "v23.0";
export const PHONE = "106540352242922";
export const OTHER_PHONE = "106540352242923";

/** A Graph call and a fault rule as the emulator's control API speaks of them. */
export type { FaultRule, RecordedCall };

/** An emulator started in-process on a free port, with its control API wrapped. */
export interface TestEmulator {
  url: string;
  /** the typed control API client, for anything the shortcuts below do not cover */
  control: ControlClient;
  client(overrides?: Partial<GraphClientConfig>): GraphClient;
  reset(body?: { seedGroups?: number; phoneNumberIds?: string[] }): Promise<void>;
  seed(phoneNumberId: string, count: number): Promise<number>;
  fault(rule: FaultRule): Promise<string>;
  clearFaults(): Promise<void>;
  calls(): Promise<RecordedCall[]>;
  groupState(groupId: string): Promise<GroupSnapshot>;
  join(groupId: string, waId: string): Promise<{ participant?: boolean; join_request_id?: string }>;
  close(): Promise<void>;
}

export async function startTestEmulator(seedGroups = 5): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    accessToken: TOKEN,
    phoneNumberIds: [PHONE, OTHER_PHONE],
    seedGroups,
    createDelayMs: 50,
  });
  const url = emulator.url.replace(/\/+$/, "");
  const control = new ControlClient(url);
  return {
    url,
    control,
    client: (overrides = {}) =>
      createGraphClient({
        baseUrl: url,
        version: VERSION,
        accessToken: TOKEN,
        timeoutMs: 2_000,
        retryBaseDelayMs: 10,
        maxRetryDelayMs: 2_000,
        ...overrides,
      }),
    reset: (body = {}) => control.reset(body),
    seed: (phoneNumberId, count) => control.seed(phoneNumberId, count),
    fault: (rule) => control.addFault(rule),
    clearFaults: () => control.clearFaults(),
    calls: () => control.calls(),
    groupState: (groupId) => control.group(groupId),
    join: async (groupId, waId) => flattenJoin(await control.join(groupId, waId)),
    close: () => emulator.close(),
  };
}

function flattenJoin(answer: JoinAnswer): { participant?: boolean; join_request_id?: string } {
  return "participant" in answer ? { participant: answer.participant } : { join_request_id: answer.join_request_id };
}

/** A real HTTP server (not a fetch mock) answering every request with a crafted status and body. */
export async function startCraftedServer(
  answer: (req: IncomingMessage) => { status: number; body: string; headers?: Record<string, string> },
): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  let connections = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      const { status, body, headers } = answer(req);
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(body);
    });
  });
  // Idle connections stay a minute: longer than any test that uses them.
  server.keepAliveTimeout = 60_000;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** how many connections clients have opened so far */
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** Waits until `check` returns a value (not undefined), polling. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Strips the /vNN.N prefix the emulator may or may not keep in its calls log. */
export function graphPath(call: RecordedCall): string {
  return call.path.replace(/^\/v\d+\.\d+(?=\/)/, "");
}
