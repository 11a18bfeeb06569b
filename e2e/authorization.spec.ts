import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, NUMBERS, test } from "./fixtures";
import { callServerAction, contextAs, routeHandlers, serverActions, signInApi } from "./server-actions";

import type { Role } from "../lib/auth/roles";

type Identity = "signed-out" | Role;
const IDENTITIES: Identity[] = ["signed-out", "viewer", "manager", "admin"];
const RANK: Record<Identity, number> = { "signed-out": -1, viewer: 0, manager: 1, admin: 2 };

interface Fixture {
  groupId: string;
  subject: string;
}

/**
 * Every server action the build registers, with the lowest role that may call it and an input that would change
 * something if the guard let it through. A new action without a row here fails the first test below.
 */
const ACTIONS: Record<string, { role: Role; page: string; sideEffect: (f: Fixture) => unknown }> = {
  "lib/actions/groups.ts#createGroupAction": {
    role: "manager",
    page: "/groups/new",
    sideEffect: () => ({
      phoneNumberId: NUMBERS.support.id,
      subject: `Made by an intruder ${randomUUID()}`,
      joinApprovalMode: "auto_approve",
      idempotencyKey: randomUUID(),
    }),
  },
  "lib/actions/groups.ts#getInviteLinkAction": { role: "viewer", page: "/groups", sideEffect: (f) => ({ groupId: f.groupId }) },
  "lib/actions/groups.ts#resetInviteLinkAction": {
    role: "manager",
    page: "/groups",
    sideEffect: (f) => ({ groupId: f.groupId }),
  },
  "lib/actions/groups.ts#updateSettingsAction": {
    role: "manager",
    page: "/groups",
    sideEffect: (f) => ({ groupId: f.groupId, subject: "Renamed by an intruder" }),
  },
  "lib/actions/groups.ts#removeParticipantsAction": {
    role: "manager",
    page: "/groups",
    sideEffect: (f) => ({ groupId: f.groupId, participants: ["16505550021"] }),
  },
  "lib/actions/groups.ts#answerJoinRequestsAction": {
    role: "manager",
    page: "/groups",
    sideEffect: (f) => ({ groupId: f.groupId, decision: "reject", joinRequestIds: ["any"] }),
  },
  "lib/actions/groups.ts#syncNowAction": {
    role: "manager",
    page: "/groups",
    sideEffect: () => ({ phoneNumberId: NUMBERS.support.id }),
  },
  "lib/actions/groups.ts#deleteGroupAction": {
    role: "manager",
    page: "/groups",
    sideEffect: (f) => ({ groupId: f.groupId, confirmSubject: f.subject }),
  },
  "lib/actions/users.ts#addUserAction": {
    role: "admin",
    page: "/users",
    sideEffect: () => ({ email: `intruder-${randomUUID()}@e2e.local`, password: "a-long-enough-password", role: "admin" }),
  },
  "lib/actions/users.ts#changeRoleAction": { role: "admin", page: "/users", sideEffect: () => ({ userId: 1, role: "viewer" }) },
  "lib/actions/users.ts#removeUserAction": { role: "admin", page: "/users", sideEffect: () => ({ userId: 1 }) },
};

/** Every route handler, who may use it, and a request that shows whether they got in. */
const ROUTES: Record<
  string,
  { access: Role | "public"; request: (api: APIRequestContext) => ReturnType<APIRequestContext["get"]> }
> = {
  "/api/auth/[...nextauth]": { access: "public", request: (api) => api.get("/api/auth/csrf") },
  "/api/qr": { access: "viewer", request: (api) => api.get("/api/qr?data=https%3A%2F%2Fchat.whatsapp.com%2FAbCdEfGhIjKl") },
  "/api/requests": { access: "viewer", request: (api) => api.get("/api/requests") },
  "/api/groups/[groupId]/changes": { access: "viewer", request: (api) => api.get("/api/groups/G1/changes") },
  "/api/activity/export": { access: "manager", request: (api) => api.get("/api/activity/export") },
  "/api/groups/sync": { access: "viewer", request: (api) => api.get(`/api/groups/sync?number=${NUMBERS.support.id}`) },
  "/api/groups/export": { access: "viewer", request: (api) => api.get(`/api/groups/export?number=${NUMBERS.support.id}`) },
  // A manager sending something that is not a multipart form gets 415: let in, and refused as input.
  "/api/groups/[groupId]/picture": {
    access: "manager",
    request: (api) => api.post("/api/groups/G1/picture", { data: "{}", headers: { "Content-Type": "application/json" } }),
  },
  // Public by design, authenticated by Meta's signature: a session cookie grants nothing there.
  "/api/webhooks/whatsapp": { access: "public", request: (api) => api.post("/api/webhooks/whatsapp", { data: {} }) },
  "/icon.svg": { access: "public", request: (api) => api.get("/icon.svg") },
  // For the load balancer: liveness and readiness, nothing a session could add to.
  "/api/health": { access: "public", request: (api) => api.get("/api/health") },
  "/api/ready": { access: "public", request: (api) => api.get("/api/ready") },
};

test("the tables list exactly the actions and route handlers the build has", () => {
  expect([...serverActions().keys()].sort()).toEqual(Object.keys(ACTIONS).sort());
  expect(routeHandlers().sort()).toEqual(Object.keys(ROUTES).sort());
});

test.describe("every server action, called directly", () => {
  let fixture: Fixture;
  test.beforeAll(async () => {
    const manager = await contextAs("manager");
    const html = await (await manager.get("/groups")).text();
    await manager.dispose();
    // The first row of Support line's seeded groups.
    fixture = { groupId: /<code title="([^"]+)"/.exec(html)?.[1] ?? "", subject: "Community group 0001" };
    expect(fixture.groupId).not.toBe("");
  });

  for (const [name, { role, page, sideEffect }] of Object.entries(ACTIONS)) {
    for (const identity of IDENTITIES) {
      const allowed = RANK[identity] >= RANK[role];
      test(`${name.split("#")[1]} as ${identity}: ${allowed ? "let in" : "refused"}`, async ({ emulator }) => {
        const api = await contextAs(identity);
        try {
          const callsBefore = (await emulator.calls()).length;
          // Refused callers send an input that would change something; allowed ones an empty one, refused as input.
          const { result } = await callServerAction(api, name, allowed ? {} : sideEffect(fixture), page);
          if (allowed) {
            expect(result).toMatchObject({ ok: false, kind: "invalid-input" });
          } else {
            expect(result).toMatchObject({ ok: false, kind: identity === "signed-out" ? "unauthenticated" : "forbidden" });
            expect((await emulator.calls()).length).toBe(callsBefore);
          }
        } finally {
          await api.dispose();
        }
      });
    }
  }

  test("a refused addUser really made no account", async () => {
    const viewer = await contextAs("viewer");
    const input = ACTIONS["lib/actions/users.ts#addUserAction"]!.sideEffect(fixture) as { email: string; password: string };
    await callServerAction(viewer, "lib/actions/users.ts#addUserAction", input, "/users");
    expect(await signInApi(viewer, input.email, input.password, "192.0.2.44")).toBe("CredentialsSignin");
    await viewer.dispose();
  });
});

test.describe("every route handler, called directly", () => {
  for (const [route, { access, request }] of Object.entries(ROUTES)) {
    for (const identity of IDENTITIES) {
      const allowed = access === "public" || RANK[identity] >= RANK[access];
      test(`${route} as ${identity}: ${access === "public" ? "public" : allowed ? "let in" : "refused"}`, async () => {
        const api = await contextAs(identity);
        try {
          const response = await request(api);
          if (access === "public") {
            // Same answer whoever asks.
            expect(response.status()).toBe(route === "/api/webhooks/whatsapp" ? 401 : 200);
          } else if (allowed) {
            expect(response.status()).toBe(route.endsWith("/picture") ? 415 : 200);
          } else {
            expect(response.status()).toBe(identity === "signed-out" ? 401 : 403);
            expect(await response.json()).toMatchObject({
              error: { kind: identity === "signed-out" ? "unauthenticated" : "forbidden" },
            });
          }
        } finally {
          await api.dispose();
        }
      });
    }
  }
});
