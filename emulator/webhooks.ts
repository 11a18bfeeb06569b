import { createHmac } from "node:crypto";
import { displayPhoneNumber } from "./ids";

/** The WABA id every webhook entry carries (fixed; the emulator has one business account). */
const WABA_ID = "102290129340398";
const MAX_LOG = 5000;

export interface WebhookDelivery {
  url: string;
  body: string;
  signature: string;
  status: number | null;
  error?: string;
  at: string;
}

export interface WebhookConfig {
  webhookUrl: string | null;
  appSecret: string;
}

export type WebhookField =
  "group_lifecycle_update" | "group_participants_update" | "group_settings_update" | "group_status_update";

function signBody(body: string, appSecret: string): string {
  return "sha256=" + createHmac("sha256", appSecret).update(body, "utf8").digest("hex");
}

/** A webhook body as Meta sends it: one change of `field` carrying these updates (also used by tests and the bench). */
export function webhookEnvelope(field: WebhookField, phoneNumberId: string, updates: unknown[]): object {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field,
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: displayPhoneNumber(phoneNumberId), phone_number_id: phoneNumberId },
              groups: updates,
            },
          },
        ],
      },
    ],
  };
}

/**
 * Fire-and-forget webhook delivery: POST with a timeout, one retry after a pause on failure, every attempt logged.
 * Never throws.
 */
export class WebhookSender {
  readonly log: WebhookDelivery[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private controllers = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly config: () => WebhookConfig,
    private readonly options: { timeoutMs: number; retryDelayMs: number },
  ) {}

  send(field: WebhookField, phoneNumberId: string, updates: object[]): void {
    const { webhookUrl, appSecret } = this.config();
    if (!webhookUrl || this.closed) return;
    const body = JSON.stringify(webhookEnvelope(field, phoneNumberId, updates));
    const signature = signBody(body, appSecret);
    void this.attempt(webhookUrl, body, signature, 1);
  }

  /** Deliveries being sent or waiting for their retry: 0 means every webhook sent so far has arrived or given up. */
  inFlight(): number {
    return this.controllers.size + this.timers.size;
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** Cancels pending retries (used by reset); in-flight requests finish on their own. */
  cancelRetries(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  close(): void {
    this.closed = true;
    this.cancelRetries();
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  private async attempt(url: string, body: string, signature: string, attempt: number): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature },
        body,
        signal: controller.signal,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = controller.signal.aborted && !this.closed ? `timeout after ${this.options.timeoutMs} ms` : describe(e);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    const entry: WebhookDelivery = { url, body, signature, status, at: new Date().toISOString() };
    if (error !== undefined) entry.error = error;
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    if (error !== undefined && attempt === 1 && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(url, body, signature, 2);
      }, this.options.retryDelayMs);
      this.timers.add(timer);
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
}
