import type { ActionFailure, ActionResult } from "./result";

/**
 * Calls a server action from the browser. An action that throws instead of answering means its answer never
 * arrived (connection dropped, server restarted, a response Next.js could not read): that becomes one failure the
 * UI shows like any other, instead of an unhandled rejection.
 */
export async function callAction<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    return NO_ANSWER;
  }
}

export const NO_ANSWER: ActionFailure = {
  ok: false,
  kind: "network",
  title: "No answer from the dashboard",
  message: "Your connection may have dropped. Check it and try again.",
};
