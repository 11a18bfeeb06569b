import { type APIRequestContext, test as base, expect } from "@playwright/test";
import type { CallRecord as GraphCall } from "../emulator/context";
import type { FaultRuleInput as FaultRule } from "../emulator/faults";

/** Where the setup project saves each role's signed-in state (gitignored). */
export const AUTH_DIR = "e2e/.auth";
export type RoleName = "admin" | "manager" | "viewer";
export const storageStateOf = (role: RoleName) => `${AUTH_DIR}/${role}.json`;

export const USERS: Record<RoleName, { email: string; password: string }> = {
  admin: { email: "admin@demo.local", password: "demo-admin-pass" },
  manager: { email: "manager@demo.local", password: "demo-manager-pass" },
  viewer: { email: "viewer@demo.local", password: "demo-viewer-pass" },
};

/** The two business numbers scripts/demo.ts configures (DEMO_E2E=1), in switcher order. */
export const NUMBERS = {
  support: { id: "106540352242922", label: "Support line" },
  events: { id: "106540352242923", label: "Events" },
} as const;

/** Seeded groups per number when the stack starts (EMULATOR_SEED_GROUPS). */
export const SEEDED_GROUPS = 30;

export const EMULATOR_URL = "http://127.0.0.1:4100";

/** A fault rule of the emulator's control API (docs/emulator-control-api.md), and a Graph call as its log records it. */
export type { FaultRule, GraphCall };

export class Emulator {
  constructor(private readonly api: APIRequestContext) {}

  /** Clears groups, requests, faults and the call log; re-seeds `seedGroups` groups on each number (default 30). */
  async reset(seedGroups: number = SEEDED_GROUPS): Promise<void> {
    await this.ok(this.api.post("/__emulator/reset", { data: { seedGroups } }));
  }

  async addFault(rule: FaultRule): Promise<string> {
    const body = (await this.ok(this.api.post("/__emulator/faults", { data: rule }))) as { id: string };
    return body.id;
  }

  async clearFaults(): Promise<void> {
    await this.ok(this.api.delete("/__emulator/faults"));
  }

  /** Every Graph call the emulator received since the last reset, oldest first. */
  async calls(): Promise<GraphCall[]> {
    const body = (await this.ok(this.api.get("/__emulator/calls"))) as { calls: GraphCall[] };
    return body.calls;
  }

  /** The group creations (POST /{phone}/groups) in the call log. */
  async createCalls(): Promise<GraphCall[]> {
    return (await this.calls()).filter((c) => c.method === "POST" && /\/\d+\/groups$/.test(c.path));
  }

  /** The group list reads (GET /{phone}/groups) in the call log. */
  async listCalls(): Promise<GraphCall[]> {
    return (await this.calls()).filter((c) => c.method === "GET" && /\/\d+\/groups$/.test(c.path));
  }

  private async ok(pending: ReturnType<APIRequestContext["get"]>): Promise<unknown> {
    const response = await pending;
    if (!response.ok())
      throw new Error(`Emulator control call ${response.url()} answered ${response.status()}: ${await response.text()}`);
    return response.json();
  }
}

export const test = base.extend<{ emulator: Emulator }>({
  // Any fault a test adds is cleared afterwards, so a failing test cannot break the next one.
  emulator: async ({ playwright }, provide) => {
    const api = await playwright.request.newContext({ baseURL: EMULATOR_URL });
    const emulator = new Emulator(api);
    await provide(emulator);
    await emulator.clearFaults();
    await api.dispose();
  },
});

export { expect };
