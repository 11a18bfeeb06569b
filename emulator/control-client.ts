/**
 * A typed client for the emulator's control API (`/__emulator/…`, docs/emulator-control-api.md). Plain `fetch`, no
 * dependencies, and only type imports from the emulator, so tests, e2e fixtures and scripts can use it without loading
 * the emulator itself. Never imported by the app.
 *
 *   const control = new ControlClient("http://127.0.0.1:4000");
 *   await control.reset({ seedGroups: 5 });
 *   await control.addFault({ times: 1, error: { status: 429, code: 131208, retryAfter: 30 } });
 */
import type {
  CallRecord,
  CallsAnswer,
  ConfigAnswer,
  ConfigInput,
  FaultAddedAnswer,
  FaultsAnswer,
  GroupSnapshot,
  JoinAnswer,
  JoinInput,
  JoinRequestsAnswer,
  JoinRequestsInput,
  OkAnswer,
  ResetInput,
  RuntimeConfig,
  SeedAnswer,
  StateAnswer,
  SuspendAnswer,
  WebhookDelivery,
  WebhooksAnswer,
} from "./control";
import type { FaultRule, FaultRuleInput } from "./faults";

export type {
  CallRecord,
  ConfigInput,
  FaultRule,
  FaultRuleInput,
  GroupSnapshot,
  JoinAnswer,
  JoinRequestsInput,
  ResetInput,
  RuntimeConfig,
  StateAnswer,
  WebhookDelivery,
};

export type ControlMethod = "GET" | "POST" | "DELETE";

/** The part of `fetch` the client needs; pass another transport (e.g. Playwright's request context) through this. */
export type ControlFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface ControlClientOptions {
  /** default: the global fetch */
  fetch?: ControlFetch;
  /** abort a control call after this long; default: no timeout */
  timeoutMs?: number;
}

/** A control call that failed: `status` is null when no answer came (network error, timeout). */
export class ControlError extends Error {
  constructor(
    /** e.g. "POST /__emulator/reset" */
    readonly call: string,
    readonly status: number | null,
    /** the answer's body text ("" when none) */
    readonly body: string,
    options?: { cause?: unknown },
  ) {
    super(
      status === null
        ? `emulator control ${call} failed: ${describe(options?.cause)}`
        : `emulator control ${call} answered ${status}: ${body}`,
      options,
    );
    this.name = "ControlError";
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const seg = (s: string) => encodeURIComponent(s);
const callName = (method: string, path: string) => `${method} /__emulator/${path.replace(/^\/+/, "")}`;

export class ControlClient {
  /** e.g. http://127.0.0.1:4000, without a trailing slash */
  readonly baseUrl: string;
  private readonly fetch: ControlFetch;
  private readonly timeoutMs: number | undefined;

  constructor(baseUrl: string, options: ControlClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = options.timeoutMs;
  }

  /** Any control call, answered as-is (no status check): for testing the control API's own error answers. */
  async raw(method: ControlMethod, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const url = `${this.baseUrl}/__emulator/${path.replace(/^\/+/, "")}`;
    const call = callName(method, path);
    const init: Parameters<ControlFetch>[1] = {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (this.timeoutMs !== undefined) init.signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetch(url, init);
      return { status: response.status, text: await response.text() };
    } catch (cause) {
      throw new ControlError(call, null, "", { cause });
    }
  }

  /** Any control call; throws ControlError unless the answer is 2xx, else returns the parsed JSON body. */
  async request<T>(method: ControlMethod, path: string, body?: unknown): Promise<T> {
    const answer = await this.raw(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new ControlError(callName(method, path), answer.status, answer.text);
    }
    try {
      return (answer.text === "" ? {} : JSON.parse(answer.text)) as T;
    } catch (cause) {
      throw new ControlError(callName(method, path), answer.status, answer.text, { cause });
    }
  }

  /** Clears groups, join requests, faults, pending work and both logs; re-seeds. Runtime config is kept. */
  async reset(input: ResetInput = {}): Promise<void> {
    await this.request<OkAnswer>("POST", "reset", input);
  }

  /** Adds `count` deterministic groups to a number; returns its new total. */
  async seed(phoneNumberId: string, count: number): Promise<number> {
    return (await this.request<SeedAnswer>("POST", "seed", { phoneNumberId, count })).total;
  }

  async state(): Promise<StateAnswer> {
    return this.request<StateAnswer>("GET", "state");
  }

  /** Changes runtime config (only the keys given); returns the whole config afterwards. */
  async config(patch: ConfigInput): Promise<RuntimeConfig> {
    return (await this.request<ConfigAnswer>("POST", "config", patch)).config;
  }

  async getConfig(): Promise<RuntimeConfig> {
    return (await this.request<ConfigAnswer>("GET", "config")).config;
  }

  /** Adds a fault rule; returns its id (f1, f2, … since the last reset). */
  async addFault(rule: FaultRuleInput): Promise<string> {
    return (await this.request<FaultAddedAnswer>("POST", "faults", rule)).id;
  }

  async faults(): Promise<FaultRule[]> {
    return (await this.request<FaultsAnswer>("GET", "faults")).faults;
  }

  async clearFaults(): Promise<void> {
    await this.request<OkAnswer>("DELETE", "faults");
  }

  async removeFault(id: string): Promise<void> {
    await this.request<OkAnswer>("DELETE", `faults/${seg(id)}`);
  }

  /** Every Graph call received since the last reset, oldest first (at most 5,000). */
  async calls(): Promise<CallRecord[]> {
    return (await this.request<CallsAnswer>("GET", "calls")).calls;
  }

  /** Every webhook delivery attempt since the last reset, oldest first. */
  async webhooks(): Promise<WebhookDelivery[]> {
    return (await this.request<WebhooksAnswer>("GET", "webhooks")).deliveries;
  }

  /** A group's full internal state. */
  async group(groupId: string): Promise<GroupSnapshot> {
    return this.request<GroupSnapshot>("GET", `groups/${seg(groupId)}`);
  }

  /** A person opens the invite link: a participant (auto_approve) or a join request (approval_required). */
  async join(groupId: string, waId: string, inviteLink?: string): Promise<JoinAnswer> {
    const body: JoinInput = { wa_id: waId };
    if (inviteLink !== undefined) body.invite_link = inviteLink;
    return this.request<JoinAnswer>("POST", `groups/${seg(groupId)}/join`, body);
  }

  /** Opens join requests in bulk on an approval_required group; returns their ids in order. */
  async joinRequests(groupId: string, input: JoinRequestsInput): Promise<string[]> {
    return (await this.request<JoinRequestsAnswer>("POST", `groups/${seg(groupId)}/join_requests`, input)).join_request_ids;
  }

  /** The person withdraws a join request (group_join_request_revoked). */
  async revokeJoinRequest(groupId: string, joinRequestId: string): Promise<void> {
    await this.request<OkAnswer>("DELETE", `groups/${seg(groupId)}/join_requests/${seg(joinRequestId)}`);
  }

  /** Suspends a group or clears the suspension (group_status_update). */
  async suspend(groupId: string, suspended = true): Promise<void> {
    await this.request<SuspendAnswer>("POST", `groups/${seg(groupId)}/suspend`, { suspended });
  }
}
