import { SignedOutError } from "@/lib/requests/live";

/**
 * GET a session-checked JSON route from the browser, never cached. A 401 is SignedOutError (the UI says "you were
 * signed out" rather than "could not connect"); any other failure is an Error the query retries.
 */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  if (response.status === 401) throw new SignedOutError();
  if (!response.ok) throw new Error(`status ${response.status}`);
  return (await response.json()) as T;
}
