import { type APIResponse, type Browser, request as playwrightRequest } from "@playwright/test";
import { type RoleName, storageStateOf } from "./stack";
import { type ActionCall, NewGroupPage } from "./pages/new-group-page";

/**
 * Submits the create form once as a manager and returns the browser's server-action call (its Next-Action ID,
 * headers and body), so a test can replay it outside the UI.
 */
export async function captureCreateAction(browser: Browser, subject: string): Promise<ActionCall> {
  const context = await browser.newContext({ storageState: storageStateOf("manager") });
  try {
    const page = await context.newPage();
    const form = new NewGroupPage(page);
    await form.goto();
    await form.fill(subject);
    const call = await form.submitAndCapture();
    await form.requestId.waitFor();
    return call;
  } finally {
    await context.close();
  }
}

/** The first argument of a captured createGroupAction body (React's encodeReply: a JSON array of arguments). */
export function actionInput(call: ActionCall): Record<string, unknown> {
  const args = JSON.parse(call.body) as unknown[];
  return args[0] as Record<string, unknown>;
}

/** Replays a captured action call with another input, signed in as `role`, through the request API. */
export async function replayAction(
  baseURL: string,
  call: ActionCall,
  role: RoleName,
  input: Record<string, unknown>,
): Promise<{ response: APIResponse; text: string }> {
  const context = await playwrightRequest.newContext({ baseURL, storageState: storageStateOf(role) });
  try {
    const response = await context.post(call.url, { headers: call.headers, data: JSON.stringify([input]), maxRedirects: 0 });
    return { response, text: await response.text() };
  } finally {
    await context.dispose();
  }
}
