import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, request as playwrightRequest } from "@playwright/test";
import { BASE_URL, type RoleName, storageStateOf } from "./stack";

/**
 * Every server action the build registered, by `file#export` (e.g. `lib/actions/users.ts#addUserAction`), read from
 * the build's own manifest: the same IDs the browser sends in its Next-Action header.
 */
export function serverActions(): Map<string, string> {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [`${entry.filename}#${entry.exportedName}`, id]));
}

/** Route handlers the build has (`/api/qr`, …), from its app-paths manifest. */
export function routeHandlers(): string[] {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, "server", "app-paths-manifest.json"), "utf8")) as Record<
    string,
    string
  >;
  return Object.keys(manifest)
    .filter((key) => key.endsWith("/route"))
    .map((key) => key.slice(0, -"/route".length));
}

export interface ActionAnswer {
  response: APIResponse;
  text: string;
  /** the action's own answer (an ActionResult), when the response carried one */
  result: { ok: boolean; kind?: string; title?: string; message?: string; data?: unknown } | null;
}

/**
 * Calls a server action the way the browser does (POST with Next-Action, the arguments as a JSON array), outside
 * any page: what an attacker with a session cookie, or without one, can do.
 */
export async function callServerAction(
  context: APIRequestContext,
  name: string,
  input: unknown,
  page = "/groups",
  origin = BASE_URL,
): Promise<ActionAnswer> {
  const id = serverActions().get(name);
  if (!id) throw new Error(`No server action ${name} in the build`);
  const response = await context.post(page, {
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: origin,
    },
    data: JSON.stringify([input]),
    maxRedirects: 0,
  });
  const text = await response.text();
  return { response, text, result: parseActionResult(text) };
}

/** The ActionResult line of a React Server Components answer (`1:{"ok":false,...}`). */
function parseActionResult(text: string): ActionAnswer["result"] {
  for (const line of text.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match?.[1]) continue;
    try {
      const value = JSON.parse(match[1]) as Record<string, unknown>;
      if (typeof value.ok === "boolean") return value as ActionAnswer["result"];
    } catch {
      // another row of the payload
    }
  }
  return null;
}

/** A request context signed in as one of the demo roles, or signed out. */
export function contextAs(role: RoleName | "signed-out"): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: BASE_URL,
    storageState: role === "signed-out" ? { cookies: [], origins: [] } : storageStateOf(role),
  });
}

/**
 * Signs in through next-auth's credentials endpoint, as the login form does. `address` is sent as X-Forwarded-For
 * (the e2e stack has no proxy in front, so it is what the dashboard counts the attempt against). Returns next-auth's
 * error code, or null when signed in.
 */
export async function signInApi(
  context: APIRequestContext,
  email: string,
  password: string,
  address?: string,
): Promise<string | null> {
  const headers = address ? { "X-Forwarded-For": address } : undefined;
  const { csrfToken } = (await (await context.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    headers,
    form: { email, password, csrfToken, json: "true", callbackUrl: "/groups" },
    maxRedirects: 0,
  });
  const location = response.headers().location ?? ((await response.json().catch(() => ({}))) as { url?: string }).url ?? "";
  return new URL(location, BASE_URL).searchParams.get("error");
}

/** Signs the context out the way the header's button does (which ends every session of that user). */
export async function signOutApi(context: APIRequestContext): Promise<void> {
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/signout", { form: { csrfToken, json: "true", callbackUrl: "/login" }, maxRedirects: 0 });
}

let counter = 0;
/** A new user made by the demo admin through the add-user action: for tests that sign out or change a user. */
export async function newUser(role: RoleName, password = "a-long-enough-password"): Promise<{ email: string; password: string }> {
  counter += 1;
  const email = `${role}-${Date.now()}-${counter}@e2e.local`;
  const admin = await contextAs("admin");
  try {
    const { result } = await callServerAction(admin, "lib/actions/users.ts#addUserAction", { email, password, role }, "/users");
    if (!result?.ok) throw new Error(`could not add ${email}: ${JSON.stringify(result)}`);
  } finally {
    await admin.dispose();
  }
  return { email, password };
}

/** A fresh request context signed in as a new user of `role`. */
export async function signedInNewUser(role: RoleName) {
  const user = await newUser(role);
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const error = await signInApi(context, user.email, user.password);
  if (error) throw new Error(`sign-in of ${user.email} failed: ${error}`);
  return { ...user, context };
}
