/** HTTP as the bench speaks it: timed page loads, next-auth sign-in, a server action called the way a browser does. */
import fs from "node:fs";
import path from "node:path";
import { DIST_DIR, ROOT } from "./stack";

const REQUEST_TIMEOUT_MS = 60_000;
/** The bench's own Graph calls say who made them, so the emulator's call log tells them from the apps' calls. */
export const BENCH_USER_AGENT = "whatsapp-groups-bench/1.0.0";

export interface Timed {
  status: number;
  ms: number;
  body: string;
  headers: Headers;
}

/** A request and its whole body, timed from the call to the last byte. */
export async function timedFetch(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body, headers: response.headers };
}

const countMatches = (html: string, marker: string): number => html.split(marker).length - 1;
/** The rows of a page's table bodies (both apps' groups tables: neither marks its rows, each has one table). */
export const countGroupRows = (html: string): number =>
  html
    .split("<tbody")
    .slice(1)
    .reduce((rows, part) => rows + countMatches(part.slice(0, part.indexOf("</tbody>")), "<tr"), 0);

export function describeAnswer(what: string, answer: Timed): string {
  const location = answer.headers.get("location");
  return `${what} answered ${answer.status}${location ? ` → ${location}` : ""}`;
}

/** next-auth v4 credentials sign-in over plain HTTP; returns the Cookie header that carries the session. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!csrf.ok) throw new Error(`GET ${baseUrl}/api/auth/csrf answered ${csrf.status}`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const callback = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  keep(callback);
  await callback.text();
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
    throw new Error(`signing in as ${email} on ${baseUrl} gave no session cookie (status ${callback.status})`);
  }
  return header();
}

/** Several sessions of one user, for load spread over more than one session. */
export async function signInMany(baseUrl: string, email: string, password: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) cookies.push(await signIn(baseUrl, email, password));
  return cookies;
}

/** The id the browser sends in Next-Action for `file#export`, read from the build's manifest. */
function serverActionId(name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => `${entry.filename}#${entry.exportedName}` === name);
  if (!found) throw new Error(`no server action ${name} in ${DIST_DIR}`);
  return found[0];
}

/** Calls a server action as the browser does; throws unless its answer carries `"ok":true`. */
export async function callServerAction(baseUrl: string, cookie: string, name: string, input: unknown, page: string) {
  const answer = await timedFetch(`${baseUrl}${page}`, {
    method: "POST",
    headers: {
      "Next-Action": serverActionId(name),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: baseUrl,
      cookie,
    },
    body: JSON.stringify([input]),
  });
  if (answer.status !== 200 || !answer.body.includes('"ok":true'))
    throw new Error(`server action ${name} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
}
