import { randomUUID } from "node:crypto";
import { request as playwrightRequest } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { expect, NUMBERS, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { NewGroupPage } from "./pages/new-group-page";
import { callServerAction, contextAs, newUser, serverActions, signedInNewUser, signInApi, signOutApi } from "./server-actions";
import { BASE_URL, E2E_AUTH_SECRET } from "./stack";
import { GroupsPage } from "./pages/groups-page";

// One test (or a few) per finding of the attacker's and careless user's review (issue 7), numbered as there.

test.describe("1. sign-in never redirects off the site", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a callbackUrl hiding //evil.example behind a tab lands on /groups after signing in", async ({ page }) => {
    const user = await newUser("viewer");
    await page.goto("/login?callbackUrl=%2F%09%2Fevil.example%2Fphish");
    await new LoginPage(page).signIn(user.email, user.password);
    await expect(page).toHaveURL(`${BASE_URL}/groups`);
  });

  test("signed in, hostile callbackUrls redirect here, and odd characters never give a 500", async () => {
    const { context } = await signedInNewUser("viewer");
    const cases: [string, string][] = [
      ["/\t/evil.example/phish", "/groups"],
      ["/\r\nSet-Cookie: x=1", "/groups"],
      ["//evil.example", "/groups"],
      ["/.//evil.example", "/groups"],
      ["/requests?x=中文", "/requests?x=%E4%B8%AD%E6%96%87"],
    ];
    for (const [raw, expected] of cases) {
      const response = await context.get(`/login?callbackUrl=${encodeURIComponent(raw)}`, { maxRedirects: 0 });
      expect(response.status(), raw).toBe(307);
      expect(response.headers().location, raw).toBe(expected);
    }
    await context.dispose();
  });
});

test("2. an admin cannot demote themselves by adding their own email", async () => {
  const admin = await contextAs("admin");
  const { result } = await callServerAction(
    admin,
    "lib/actions/users.ts#addUserAction",
    { email: "ADMIN@demo.local", password: "a-long-enough-password", role: "viewer" },
    "/users",
  );
  expect(result).toMatchObject({ ok: false, title: "Not on your own account" });
  const users = await admin.get("/users", { maxRedirects: 0 });
  expect(users.status()).toBe(200);
  await admin.dispose();
});

test.describe("3. sessions end when they should", () => {
  const stillIn = async (context: Awaited<ReturnType<typeof contextAs>>) => (await context.get("/api/requests")).status();

  test("signing out ends every session of that user, copied cookies included", async () => {
    const { email, password, context } = await signedInNewUser("viewer");
    const copy = await playwrightRequest.newContext({ baseURL: BASE_URL, storageState: await context.storageState() });
    expect(await stillIn(copy)).toBe(200);
    await signOutApi(context);
    expect(await stillIn(copy)).toBe(401);
    // Signing in again works, with a new session.
    expect(await signInApi(context, email, password)).toBeNull();
    expect(await stillIn(context)).toBe(200);
    await Promise.all([copy.dispose(), context.dispose()]);
  });

  test("a new password or role, or removal and re-adding, ends the user's sessions", async () => {
    const admin = await contextAs("admin");
    const add = (input: object) => callServerAction(admin, "lib/actions/users.ts#addUserAction", input, "/users");

    const { email, context } = await signedInNewUser("manager");
    expect(await stillIn(context)).toBe(200);
    await add({ email, password: "another-long-password", role: "manager" });
    expect(await stillIn(context)).toBe(401);

    expect(await signInApi(context, email, "another-long-password")).toBeNull();
    expect(await stillIn(context)).toBe(200);
    const users = await (await admin.get("/users")).text();
    const id = new RegExp(`data-user-id="(\\d+)"[^>]*data-email="${email.replace(/[.]/g, "\\.")}"`).exec(users)?.[1];
    expect(id).toBeDefined();
    await callServerAction(admin, "lib/actions/users.ts#changeRoleAction", { userId: Number(id), role: "viewer" }, "/users");
    expect(await stillIn(context)).toBe(401);

    expect(await signInApi(context, email, "another-long-password")).toBeNull();
    await callServerAction(admin, "lib/actions/users.ts#removeUserAction", { userId: Number(id) }, "/users");
    await add({ email, password: "another-long-password", role: "viewer" });
    expect(await stillIn(context)).toBe(401);
    await Promise.all([admin.dispose(), context.dispose()]);
  });

  test("a session has an absolute lifetime that renewing the cookie does not extend", async () => {
    const { context } = await signedInNewUser("viewer");
    const cookie = (await context.storageState()).cookies.find((c) => c.name === "next-auth.session-token");
    expect(cookie).toBeDefined();
    const { decode } = await import("next-auth/jwt");
    const token = await decode({ token: cookie!.value, secret: E2E_AUTH_SECRET });
    // The same session, signed in nine hours ago, its cookie freshly renewed (a new exp): still refused.
    const old = await encode({ token: { ...token, authAt: Math.floor(Date.now() / 1000) - 9 * 3600 }, secret: E2E_AUTH_SECRET });
    const replay = await playwrightRequest.newContext({
      baseURL: BASE_URL,
      storageState: { cookies: [{ ...cookie!, value: old }], origins: [] },
    });
    expect(await stillIn(context)).toBe(200);
    expect(await stillIn(replay)).toBe(401);
    await Promise.all([replay.dispose(), context.dispose()]);
  });
});

test.describe("4. lockouts cannot be turned against an account's owner", () => {
  test("an attacker's wrong passwords lock their address out, not the owner signing in from elsewhere", async () => {
    const user = await newUser("admin");
    const attacker = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const owner = await playwrightRequest.newContext({ baseURL: BASE_URL });
    for (let i = 0; i < 5; i++)
      expect(await signInApi(attacker, user.email, "wrong-password", "203.0.113.7")).toBe("CredentialsSignin");
    expect(await signInApi(attacker, user.email, user.password, "203.0.113.7")).toMatch(/^locked:\d+$/);
    expect(await signInApi(owner, user.email, user.password, "198.51.100.2")).toBeNull();
    await Promise.all([attacker.dispose(), owner.dispose()]);
  });

  test("25 guesses at once: no more than 5 are checked, and the right password among them does not get in", async () => {
    const user = await newUser("viewer");
    const attacker = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const headers = { "X-Forwarded-For": "203.0.113.9" };
    const { csrfToken } = (await (await attacker.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
    const attempt = async (password: string) => {
      const response = await attacker.post("/api/auth/callback/credentials", {
        headers,
        form: { email: user.email, password, csrfToken, json: "true" },
        maxRedirects: 0,
      });
      const { url } = (await response.json()) as { url: string };
      return new URL(url).searchParams.get("error");
    };
    const wrong = Array.from({ length: 24 }, () => attempt("wrong-password"));
    await new Promise((r) => setTimeout(r, 100));
    const right = attempt(user.password);
    const answers = await Promise.all([...wrong, right]);
    expect(answers.filter((a) => a === "CredentialsSignin").length).toBeLessThanOrEqual(5);
    expect(await right).toMatch(/^locked:\d+$/);
    await attacker.dispose();
  });

  test.describe("the lockout message", () => {
    test.use({ storageState: { cookies: [], origins: [] } });
    test("cannot be forged through /login?error=", async ({ page }) => {
      await page.goto("/login?error=locked:99999");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expect(page.getByText(/Too many/)).toHaveCount(0);
    });
  });
});

test("5. a create Meta answers too late is matched to its webhook, and resubmitting makes no second group", async ({
  page,
  emulator,
}) => {
  await emulator.reset();
  await emulator.addFault({ method: "POST", path: "/*/groups", times: 1, latencyMs: 5_000 });
  const form = new NewGroupPage(page);
  await form.goto();
  const subject = `Late answer ${Date.now()}`;
  await form.fill(subject);
  await form.submit.click();
  await expect(form.failure).toContainText("did not answer in time");
  await expect(form.failure).toContainText("does not send a second one");

  // Meta made the group anyway; its webhook arrives and is matched to the request by number and subject.
  const manager = await contextAs("manager");
  await expect
    .poll(
      async () => {
        const { requests } = (await (await manager.get("/api/requests")).json()) as {
          requests: { subject: string; status: string }[];
        };
        return requests.find((r) => r.subject === subject)?.status;
      },
      { timeout: 15_000 },
    )
    .toBe("created");
  await manager.dispose();

  await form.submit.click();
  await expect(page.getByTestId("earlier-attempt")).toContainText("has reported it since");
  await expect(form.requestId).toHaveText(/\S+/);
  expect(await emulator.createCalls()).toHaveLength(1);
});

test("6. signed out mid-task: the form says so, with a way to sign in, and keeps what was typed", async ({ browser }) => {
  const user = await newUser("manager");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect(await signInApi(context.request, user.email, user.password)).toBeNull();
  const page = await context.newPage();
  const form = new NewGroupPage(page);
  await form.goto();
  await form.fill("Typed before signing out", "A description worth keeping");
  await signOutApi(context.request);

  await form.submit.click();
  await expect(form.failure).toContainText("You were signed out");
  await expect(form.failure.getByRole("link", { name: /sign in/ })).toHaveAttribute(
    "href",
    /\/login\?callbackUrl=%2Fgroups%2Fnew/,
  );
  await expect(form.subject).toHaveValue("Typed before signing out");
  await expect(form.description).toHaveValue("A description worth keeping");
  await context.close();
});

test("7. a slow Meta shows the timeout message at the page's deadline, without two more 3-second tries", async ({
  page,
  emulator,
}) => {
  await emulator.reset();
  // The live view reads Meta's list on every render (the index view makes no Graph call at all).
  await emulator.addFault({ method: "GET", path: "/*/groups", query: { limit: "25" }, times: 3, latencyMs: 10_000 });
  await page.goto("/groups?view=live");
  await expect(page.locator("main").getByRole("alert")).toContainText("did not answer in time");
  expect((await emulator.listCalls()).filter((c) => c.query.limit === "25")).toHaveLength(1);
});

test.describe("8. hostile input", () => {
  test("subjects with overrides or control characters are refused by the form and by the server", async ({ page, emulator }) => {
    await emulator.reset();
    const form = new NewGroupPage(page);
    await form.goto();
    await form.fill("Book \u202eclub");
    await form.submit.click();
    await expect(form.subjectError).toContainText("text-direction override");

    const manager = await contextAs("manager");
    for (const subject of ["Book\u0000club", "\u200b\u200b", "Line\nbreak"]) {
      const { result } = await callServerAction(
        manager,
        "lib/actions/groups.ts#createGroupAction",
        { phoneNumberId: NUMBERS.support.id, subject, joinApprovalMode: "auto_approve", idempotencyKey: randomUUID() },
        "/groups/new",
      );
      expect(result, JSON.stringify(subject)).toMatchObject({ ok: false, kind: "invalid-input" });
    }
    await manager.dispose();
    expect(await emulator.createCalls()).toHaveLength(0);
  });

  test("the counter counts characters as the validator does: 128 emoji are 128 / 128 and accepted", async ({
    page,
    emulator,
  }) => {
    await emulator.reset();
    const form = new NewGroupPage(page);
    await form.goto();
    await form.fill("😀".repeat(129));
    await expect(page.locator("#subject-counter")).toHaveText("129 / 128");
    await form.fill("😀".repeat(128));
    await expect(page.locator("#subject-counter")).toHaveText("128 / 128");
    await form.submit.click();
    await expect(form.requestId).toHaveText(/\S+/);
    expect((await emulator.createCalls())[0]?.body).toMatchObject({ subject: "😀".repeat(128) });
  });

  test("group IDs '.' and '..' are refused before any Graph call", async ({ emulator }) => {
    const viewer = await contextAs("viewer");
    const before = (await emulator.calls()).length;
    for (const groupId of [".", ".."]) {
      const { result } = await callServerAction(viewer, "lib/actions/groups.ts#getInviteLinkAction", { groupId });
      expect(result).toMatchObject({ ok: false, kind: "invalid-input" });
    }
    expect((await emulator.calls()).length).toBe(before);
    await viewer.dispose();
  });

  test("an action body over the 1 MB limit gets a 413 with a sentence, not a 500", async () => {
    const manager = await contextAs("manager");
    const id = serverActions().get("lib/actions/groups.ts#createGroupAction")!;
    const response = await manager.post("/groups/new", {
      headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Origin: BASE_URL },
      data: JSON.stringify([{ subject: "x".repeat(2 * 1024 * 1024) }]),
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toMatchObject({ error: { kind: "too-large", message: expect.stringContaining("1 MB") } });
    await manager.dispose();
  });
});

test.describe("11. security headers", () => {
  test("every kind of response carries them, with a nonce-based CSP on pages", async ({ page }) => {
    const manager = await contextAs("manager");
    const html = await (await manager.get("/groups")).text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const signedOut = await contextAs("signed-out");
    const responses = {
      page: await manager.get("/groups"),
      login: await signedOut.get("/login"),
      api: await manager.get("/api/requests"),
      unauthorised: await signedOut.get("/api/requests"),
      redirect: await signedOut.get("/users", { maxRedirects: 0 }),
      // Built assets and public files skip the proxy: next.config.mjs gives them the headers.
      script: await signedOut.get(script!),
      "missing script": await signedOut.get("/_next/static/chunks/missing.js"),
      icon: await signedOut.get("/icon.svg"),
      "public file": await signedOut.get("/icons/icon-192.png"),
    };
    for (const [kind, response] of Object.entries(responses)) {
      const headers = response.headers();
      expect(headers["x-frame-options"], kind).toBe("DENY");
      expect(headers["x-content-type-options"], kind).toBe("nosniff");
      expect(headers["referrer-policy"], kind).toBe("strict-origin-when-cross-origin");
      expect(headers["content-security-policy"], kind).toContain("frame-ancestors 'none'");
    }
    expect(responses["missing script"].status()).toBe(404);
    expect(responses.script.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    const csp = responses.page.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(await responses.page.text()).toContain(`nonce="${nonce}"`);
    await Promise.all([manager.dispose(), signedOut.dispose()]);

    // The policy does not get in the dashboard's own way.
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    await page.goto("/groups");
    await new GroupsPage(page).inviteButton().click();
    await expect(page.getByRole("dialog").getByTestId("invite-link")).toBeVisible();
    await page.goto("/groups/new");
    await expect(page.getByLabel("Subject")).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("another site cannot frame /users", async ({ page }) => {
    await page.setContent(`<iframe src="${BASE_URL}/users" width="800" height="600"></iframe>`);
    await expect.poll(() => page.frames()[1]?.url()).toMatch(/^chrome-error:|^about:blank$/);
    const inner = page.frames()[1];
    expect(await inner?.locator("text=Users").count()).toBe(0);
  });
});
