import { AsyncLocalStorage } from "node:async_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Stands for Next's and React's per-request stores: whatever a request's work creates carries its store. */
const requestStore = new AsyncLocalStorage<{ request: string[] }>();

/**
 * Whether anything still holds the store of the "request" that ran `work`, once `work` has finished and garbage has
 * been collected: a connection or a timer made during a request must not keep the request alive after it. Some holders
 * let go only once a collection has run their finalizers, so by default the garbage is collected a few times over; a
 * server under load collects its old garbage seconds apart, so `collections: 1` asks for the request to be free after
 * the first.
 */
export async function requestOutlives(work: () => Promise<unknown>, { collections = 20 } = {}): Promise<boolean> {
  const store = await runAndForget(work);
  for (let round = 0; round < collections && store.deref() !== undefined; round++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    collectGarbage();
  }
  return store.deref() !== undefined;
}

async function runAndForget(work: () => Promise<unknown>): Promise<WeakRef<object>> {
  const store = { request: Array.from({ length: 1000 }, (_, i) => `rendered part ${i}`) };
  await requestStore.run(store, work);
  return new WeakRef(store);
}
