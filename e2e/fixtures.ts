import { type APIRequestContext, type Page, test as base, expect } from "@playwright/test";
import {
  type ConfigInput,
  ControlClient,
  type FaultRuleInput as FaultRule,
  type CallRecord as GraphCall,
  type GroupSnapshot,
  type JoinAnswer,
  type JoinRequestsInput,
  type RuntimeConfig,
} from "../emulator/control-client";

import { callServerAction, contextAs } from "./server-actions";
import { AUTH_DIR, EMULATOR_URL, type RoleName, storageStateOf } from "./stack";

export { AUTH_DIR, type RoleName, storageStateOf };

export const USERS: Record<RoleName, { email: string; password: string }> = {
  admin: { email: "admin@demo.local", password: "demo-admin-pass" },
  manager: { email: "manager@demo.local", password: "demo-manager-pass" },
  viewer: { email: "viewer@demo.local", password: "demo-viewer-pass" },
};

/**
 * The business numbers scripts/demo.ts configures (DEMO_E2E=1), in switcher order. Sales is visited by one test
 * only, which watches its index being built; the others' index is re-synced after every emulator reset.
 */
export const NUMBERS = {
  support: { id: "106540352242922", label: "Support line" },
  events: { id: "106540352242923", label: "Events" },
  sales: { id: "106540352242924", label: "Sales" },
} as const;

/** Seeded groups per number when the stack starts (EMULATOR_SEED_GROUPS). */
export const SEEDED_GROUPS = 30;

/** A fault rule of the emulator's control API (docs/emulator-control-api.md), and a Graph call as its log records it. */
export type { FaultRule, GraphCall };

/** The emulator's control API (emulator/control-client.ts), sent through the test's Playwright request context. */
export class Emulator {
  readonly control: ControlClient;

  constructor(api: APIRequestContext) {
    this.control = new ControlClient(EMULATOR_URL, {
      fetch: async (url, init) => {
        const response = await api.fetch(url, { method: init.method, headers: init.headers, data: init.body });
        return { status: response.status(), text: () => response.text() };
      },
    });
  }

  /** Clears groups, requests, faults and the call log; re-seeds `seedGroups` groups on each number (default 30). */
  /**
   * Re-seeds `seedGroups` groups on each number (new IDs, as Meta never reuses one), then brings the dashboard's
   * index of Support line and Events up to date, so a test sees the groups it just made.
   */
  async reset(seedGroups: number = SEEDED_GROUPS): Promise<void> {
    await this.control.reset({ seedGroups });
    await syncIndex([NUMBERS.support.id, NUMBERS.events.id]);
  }

  async addFault(rule: FaultRule): Promise<string> {
    return this.control.addFault(rule);
  }

  async clearFaults(): Promise<void> {
    await this.control.clearFaults();
  }

  /** Every Graph call the emulator received since the last reset, oldest first. */
  async calls(): Promise<GraphCall[]> {
    return this.control.calls();
  }

  /** The group creations (POST /{phone}/groups) in the call log. */
  async createCalls(): Promise<GraphCall[]> {
    return (await this.calls()).filter((c) => c.method === "POST" && /\/\d+\/groups$/.test(c.path));
  }

  /** The group list reads (GET /{phone}/groups) in the call log. */
  async listCalls(): Promise<GraphCall[]> {
    return (await this.calls()).filter((c) => c.method === "GET" && /\/\d+\/groups$/.test(c.path));
  }

  /** A group's full internal state (subject, participants, join requests, suspension, picture…). */
  async group(groupId: string): Promise<GroupSnapshot> {
    return this.control.group(groupId);
  }

  /** Changes runtime config (createDelayMs, webhookDelayMs, identityShape, strictUserAgent…); returns all of it. */
  async config(patch: ConfigInput): Promise<RuntimeConfig> {
    return this.control.config(patch);
  }

  /** A person opens the group's invite link. */
  async join(groupId: string, waId: string): Promise<JoinAnswer> {
    return this.control.join(groupId, waId);
  }

  /** Opens join requests in bulk (`{count}` or `{wa_ids}`) on an approval_required group; returns their ids. */
  async joinRequests(groupId: string, input: JoinRequestsInput): Promise<string[]> {
    return this.control.joinRequests(groupId, input);
  }

  /** The person withdraws a join request. */
  async revokeJoinRequest(groupId: string, joinRequestId: string): Promise<void> {
    await this.control.revokeJoinRequest(groupId, joinRequestId);
  }

  /** Suspends a group (or clears it with `false`). */
  async suspend(groupId: string, suspended = true): Promise<void> {
    await this.control.suspend(groupId, suspended);
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

interface SyncStatusBody {
  running: boolean;
  lastSuccessAt: string | null;
  startedAt: string | null;
}

/** Asks the dashboard to sync these numbers' index and waits until a walk that began after now has completed. */
export async function syncIndex(numbers: string[], timeoutMs = 60_000): Promise<void> {
  const manager = await contextAs("manager");
  try {
    const since = new Date().toISOString();
    for (const number of numbers) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = (await (await manager.get(`/api/groups/sync?number=${number}`)).json()) as SyncStatusBody;
        if (!status.running && status.lastSuccessAt && status.startedAt && status.startedAt >= since) break;
        if (Date.now() > deadline) throw new Error(`the index of ${number} was not synced in time`);
        // A walk begun before the reset may still be running: ask again once it is done.
        if (!status.running) await callServerAction(manager, "lib/actions/groups.ts#syncNowAction", { phoneNumberId: number });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await manager.dispose();
  }
}

/**
 * The opening tags matching `tag` in a page's HTML as the server sends it, before any script has run: for controls
 * that must wait, disabled, until React can act on them (components/ui/use-hydrated.ts).
 */
export async function serverRenderedTags(page: Page, path: string, tag: RegExp): Promise<string[]> {
  const html = await (await page.request.get(path)).text();
  return html.match(new RegExp(tag.source, "g")) ?? [];
}
