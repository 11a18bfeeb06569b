/**
 * A server's live heap: what is left of its JavaScript heap after a full garbage collection, read through Node's
 * inspector. RSS, read from /proc while clients run, follows V8's choice of how large to let the heap grow before it
 * collects (the bare app's grows by a third in 30 s too); memory a server keeps shows here instead, after a collection
 * that leaves only what is still reachable.
 *
 * The bench starts each server with `--inspect-port` (bench/stack.ts) and turns the inspector on with SIGUSR1 only when
 * it reads the heap, before and after a run: nothing listens, and nothing is slowed, while clients are measured. The
 * inspector listens on 127.0.0.1 only. Needs the WebSocket client of Node 22, or of Node 20 with
 * `--experimental-websocket` (as `npm run bench` runs).
 */
import { sleep } from "./stats";

export interface Inspectable {
  /** the process that serves requests (its RSS is the server's memory) */
  serverPid: number;
  /** where its inspector listens once turned on */
  inspectPort: number;
}

/** The live heap in MB, or null when it could not be read (the run goes on and reports "?"). */
export async function liveHeapMb(server: Inspectable): Promise<number | null> {
  try {
    const socket = await open(server);
    try {
      // Two collections: the first runs finalizers and clears weak references, the second frees what they held.
      await socket.call("HeapProfiler.collectGarbage");
      await socket.call("HeapProfiler.collectGarbage");
      const usage = (await socket.call("Runtime.getHeapUsage")) as { usedSize: number };
      return Math.round(usage.usedSize / 104_857.6) / 10;
    } finally {
      socket.close();
    }
  } catch (error) {
    console.error(`bench: could not read the heap of process ${server.serverPid}: ${(error as Error).message}`);
    return null;
  }
}

interface Session {
  call(method: string): Promise<unknown>;
  close(): void;
}

async function open(server: Inspectable): Promise<Session> {
  process.kill(server.serverPid, "SIGUSR1");
  const target = await debuggerUrl(server.inspectPort);
  const socket = new WebSocket(target);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`no inspector session at ${target}`)), { once: true });
  });
  let lastId = 0;
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  socket.addEventListener("close", () => {
    for (const waiting of pending.values()) waiting.reject(new Error("the inspector closed the session"));
    pending.clear();
  });
  return {
    call: (method) =>
      new Promise((resolve, reject) => {
        const id = ++lastId;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method }));
      }),
    close: () => socket.close(),
  };
}

/** The inspector's WebSocket address, once it listens (it starts a moment after the signal). */
async function debuggerUrl(port: number, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`its inspector did not listen on port ${port} within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}
