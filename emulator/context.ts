import { CursorCodec } from "./cursors";
import { type AsyncFailure, FaultStore } from "./faults";
import { extraPersonFields, type IdentityShape, personFields } from "./identity";
import { makeRequestId, unixSeconds } from "./ids";
import { EmulatorState, type JoinApprovalMode } from "./state";
import { WebhookSender } from "./webhooks";

/** What POST /__emulator/config changes (and GET /__emulator/config shows). Reset leaves it alone. */
export interface RuntimeConfig {
  /** how long a create stays pending before the group exists and group_create goes out */
  createDelayMs: number;
  /** how long a settings update, participant removal or delete stays pending before it is applied and its webhook goes out */
  webhookDelayMs: number;
  webhookUrl: string | null;
  appSecret: string;
  /** how people appear in group webhooks: "wa_id" (default), "both" or "user_id" (see identity.ts) */
  identityShape: IdentityShape;
  /** when true, a Graph call without a User-Agent matching Meta's pattern is refused (400, code 100) */
  strictUserAgent: boolean;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
  contentType: string | null;
  userAgent: string | null;
  at: string;
  /**
   * When the call arrived and when its answer was sent, in milliseconds since the epoch with their fractions (this
   * machine's clock): what a client on the same machine needs to tell its own time from the emulator's. answeredAtMs
   * is null until the answer has been sent, and stays null for a call whose connection was dropped.
   */
  receivedAtMs: number;
  answeredAtMs: number | null;
}

export interface ContextOptions {
  accessToken: string;
  phoneNumberIds: string[];
  seedGroups: number;
  config: RuntimeConfig;
  now: () => number;
  cursorTtlMs: number;
  webhookTimeoutMs: number;
  webhookRetryDelayMs: number;
}

const MAX_CALLS = 5000;

/** Everything one emulator instance owns: state, runtime config, faults, logs, timers. */
export class EmulatorContext {
  readonly accessToken: string;
  readonly now: () => number;
  readonly state: EmulatorState;
  readonly faults = new FaultStore();
  readonly cursors: CursorCodec;
  readonly webhooks: WebhookSender;
  readonly calls: CallRecord[] = [];
  config: RuntimeConfig;
  seedGroups: number;
  private createTimers = new Map<NodeJS.Timeout, string>();
  private updateTimers = new Set<NodeJS.Timeout>();

  constructor(options: ContextOptions) {
    this.accessToken = options.accessToken;
    this.now = options.now;
    this.config = { ...options.config };
    this.seedGroups = options.seedGroups;
    this.state = new EmulatorState(options.phoneNumberIds, options.seedGroups);
    this.cursors = new CursorCodec({ ttlMs: options.cursorTtlMs, now: options.now });
    this.webhooks = new WebhookSender(() => this.config, {
      timeoutMs: options.webhookTimeoutMs,
      retryDelayMs: options.webhookRetryDelayMs,
    });
  }

  timestamp(): string {
    return String(unixSeconds(this.now()));
  }

  recordCall(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  /** Accepts a create: after createDelayMs the group exists (or the failure is reported) and the webhook goes out. */
  scheduleCreate(input: {
    phoneNumberId: string;
    subject: string;
    description: string | undefined;
    joinApprovalMode: JoinApprovalMode;
    failure: AsyncFailure | undefined;
  }): string {
    const requestId = makeRequestId();
    const phone = input.phoneNumberId;
    this.state.beginCreate(phone);
    const timer = setTimeout(() => {
      this.createTimers.delete(timer);
      this.state.endCreate(phone);
      if (!this.state.hasNumber(phone)) return;
      if (input.failure) {
        const f = input.failure;
        this.webhooks.send("group_lifecycle_update", phone, [
          {
            timestamp: this.timestamp(),
            type: "group_create",
            request_id: requestId,
            subject: input.subject,
            description: input.description ?? "",
            errors: [{ code: f.code, message: f.message, title: f.title, error_data: { details: f.details } }],
          },
        ]);
        return;
      }
      const group = this.state.createGroup({
        phoneNumberId: phone,
        subject: input.subject,
        description: input.description,
        joinApprovalMode: input.joinApprovalMode,
        createdAtMs: this.now(),
      });
      const update: Record<string, unknown> = {
        timestamp: this.timestamp(),
        group_id: group.id,
        type: "group_create",
        request_id: requestId,
        subject: group.subject,
      };
      if (group.description !== undefined) update.description = group.description;
      update.invite_link = group.inviteLink;
      update.join_approval_mode = group.joinApprovalMode;
      this.webhooks.send("group_lifecycle_update", phone, [update]);
    }, this.config.createDelayMs);
    this.createTimers.set(timer, phone);
    return requestId;
  }

  /**
   * Runs `apply` (the change and its webhook together) after webhookDelayMs, or at once when it is 0: until then the
   * old state shows, as on Meta's side. Pending updates are dropped by reset.
   */
  later(apply: () => void): void {
    const delay = this.config.webhookDelayMs;
    if (delay <= 0) {
      apply();
      return;
    }
    const timer = setTimeout(() => {
      this.updateTimers.delete(timer);
      apply();
    }, delay);
    this.updateTimers.add(timer);
  }

  /** Settings updates, removals and deletes accepted but not applied yet. */
  pendingUpdates(): number {
    return this.updateTimers.size;
  }

  /** A person in a webhook, in the configured identity shape. */
  person(waId: string): Record<string, string> {
    return personFields(this.config.identityShape, waId);
  }

  /** Identity fields added to an item that names the person otherwise (e.g. `{ input }`); none in the "wa_id" shape. */
  personExtras(waId: string | undefined): Record<string, string> {
    return extraPersonFields(this.config.identityShape, waId);
  }

  cancelPendingUpdates(): void {
    for (const timer of this.updateTimers) clearTimeout(timer);
    this.updateTimers.clear();
  }

  cancelPendingCreates(): void {
    for (const [timer, phone] of this.createTimers) {
      clearTimeout(timer);
      this.state.endCreate(phone);
    }
    this.createTimers.clear();
  }

  reset(options: { seedGroups?: number; phoneNumberIds?: string[] }): void {
    this.cancelPendingCreates();
    this.cancelPendingUpdates();
    this.webhooks.cancelRetries();
    this.webhooks.clearLog();
    this.faults.reset();
    this.calls.length = 0;
    this.state.reset(options.phoneNumberIds ?? this.state.phoneNumberIds, options.seedGroups ?? this.seedGroups);
  }

  close(): void {
    this.cancelPendingCreates();
    this.cancelPendingUpdates();
    this.webhooks.close();
  }
}
