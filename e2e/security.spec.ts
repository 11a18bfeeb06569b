import type { Page, Response } from "@playwright/test";
import { expect, test } from "./fixtures";
import { BASE_URL } from "./stack";
import { GroupsPage } from "./pages/groups-page";

interface Loaded {
  url: string;
  kind: "document" | "script" | "rsc" | "prefetch";
  /** null when the browser no longer had the body */
  body: Promise<string | null>;
}

/**
 * Records the body of every document, script and RSC response the page receives. Documents and scripts are read
 * from the responses (scripts fetched again when the browser no longer has the body); RSC payloads are streamed into the router and Chromium does not keep their bodies, so those
 * requests are fetched through page.route and handed on unchanged.
 */
async function recordBodies(page: Page): Promise<Loaded[]> {
  const loaded: Loaded[] = [];
  page.on("response", (response: Response) => {
    const type = response.request().resourceType();
    if (type !== "document" && type !== "script") return;
    if (response.status() >= 300 && response.status() < 400) return;
    // Chromium sometimes drops a cached script's body before it can be read; scripts are public static files, so
    // they are fetched again rather than skipped.
    const again = () =>
      type === "script"
        ? page.request
            .get(response.url())
            .then((r) => r.text())
            .catch(() => null)
        : Promise.resolve(null);
    loaded.push({ url: response.url(), kind: type, body: response.text().catch(again) });
  });
  await page.route(
    (url) => url.origin === new URL(BASE_URL).origin,
    async (route) => {
      const headers = route.request().headers();
      if (!headers.rsc) return route.fallback();
      const response = await route.fetch({ maxRedirects: 0 });
      const body = await response.text();
      loaded.push({
        url: route.request().url(),
        kind: headers["next-router-prefetch"] ? "prefetch" : "rsc",
        body: Promise.resolve(body),
      });
      await route.fulfill({ response, body });
    },
  );
  return loaded;
}

/** Waits until every body seen so far has been read, so navigating away cannot discard it. */
async function settle(loaded: Loaded[]): Promise<void> {
  await Promise.all(loaded.map((l) => l.body));
}

test("the access token is in no page and no script the browser loads", async ({ page, browser, emulator }) => {
  await emulator.reset();
  const loaded = await recordBodies(page);

  // Full page loads, signed in as a manager.
  for (const [path, heading] of [
    ["/groups", "Groups"],
    ["/groups/new", "New group"],
    ["/requests", "Creation requests"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await settle(loaded);
  }
  // Client-side navigation: these load RSC payloads rather than documents.
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(GroupsPage.rowsOf(page).first()).toBeVisible();
  await settle(loaded);
  await nav.getByRole("link", { name: "New group" }).click();
  await expect(page.getByLabel("Subject")).toBeVisible();
  await settle(loaded);
  await nav.getByRole("link", { name: "Requests" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Creation requests" })).toBeVisible();
  await settle(loaded);

  // The login page, signed out (signed in, it redirects).
  const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const loginPage = await signedOut.newPage();
  const loginLoaded = await recordBodies(loginPage);
  await loginPage.goto("/login");
  await expect(loginPage.getByRole("button", { name: "Sign in" })).toBeVisible();
  await settle(loginLoaded);
  await signedOut.close();

  const authorization = (await emulator.calls()).find((c) => c.authorization)?.authorization ?? "";
  const token = authorization.replace(/^Bearer\s+/i, "");
  expect(token.length).toBeGreaterThan(8);

  const all = await Promise.all([...loaded, ...loginLoaded].map(async (l) => ({ url: l.url, kind: l.kind, body: await l.body })));
  // The check saw what it should: a document per page, scripts, and the RSC payloads of the client navigations,
  // every one of them readable.
  expect(all.filter((b) => b.kind === "document").map((b) => new URL(b.url).pathname)).toEqual([
    "/groups",
    "/groups/new",
    "/requests",
    "/login",
  ]);
  expect(all.filter((b) => b.kind === "script").length).toBeGreaterThan(0);
  expect(all.filter((b) => b.kind === "rsc").map((b) => new URL(b.url).pathname)).toEqual(
    expect.arrayContaining(["/groups", "/groups/new", "/requests"]),
  );
  expect(all.filter((b) => b.body === null).map((b) => b.url)).toEqual([]);
  // The groups payload really carries the groups (so the check would see a token in it).
  expect(all.some((b) => b.kind === "rsc" && b.body?.includes("Community group 0001"))).toBe(true);

  const leaks = all.filter((b) => b.body?.includes(token)).map((b) => b.url);
  expect(leaks).toEqual([]);
});
