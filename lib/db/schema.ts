import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "viewer" | "manager" | "admin";

export type RequestStatus =
  /** the create call is in flight */
  | "submitting"
  /** Meta answered with a request ID; the group is not made yet */
  | "pending"
  /** the lifecycle webhook reported the group */
  | "created"
  /** the lifecycle webhook reported a failure */
  | "failed"
  /** Meta refused the create call itself (nothing was made) */
  | "rejected"
  /** the create call timed out or the connection dropped: Meta may or may not have made it */
  | "unconfirmed"
  /** the group was made and later deleted (a group_delete lifecycle webhook) */
  | "deleted";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  password_hash: string;
  role: Role;
  created_at: string;
  updated_at: string;
}

export interface LoginThrottleTable {
  /** lower-cased email, whether or not an account exists for it */
  email: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export interface CreationRequestsTable {
  id: Generated<number>;
  idempotency_key: string;
  request_id: string | null;
  phone_number_id: string;
  subject: string;
  description: string | null;
  join_approval_mode: "auto_approve" | "approval_required";
  status: RequestStatus;
  created_by: string;
  created_at: string;
  updated_at: string;
  group_id: string | null;
  invite_link: string | null;
  error_code: number | null;
  error_message: string | null;
}

/** Booleans are stored as integers (0/1) so the same SQL runs on SQLite and PostgreSQL. */
export type IntBool = 0 | 1;

/**
 * A webhook's Unix time in seconds. Stored as bigint; PostgreSQL hands bigint back as a string, so it is only
 * compared inside SQL, never read as a number.
 */
export type EventTime = ColumnType<string | number | null, number | null, number | null>;

export type DeliveryStatus = "received" | "processed" | "failed";

/** Every signed POST to the webhook, raw, stored before it is processed. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  received_at: string;
  /** the raw request body as received (UTF-8) */
  body: string;
  status: DeliveryStatus;
  /** why processing failed (for the log reader, never shown raw to users) */
  error: string | null;
  applied: number;
  duplicates: number;
  pending: number;
  skipped: number;
  processed_at: string | null;
}

/** One update item of a delivery, kept once: `dedupe_key` makes a retried delivery a no-op. */
export interface WebhookUpdatesTable {
  id: Generated<number>;
  /** sha256 of field, phone number ID and the item's canonical JSON */
  dedupe_key: string;
  delivery_id: number | null;
  field: string;
  type: string | null;
  request_id: string | null;
  group_id: string | null;
  phone_number_id: string | null;
  /** the item's canonical JSON */
  payload: string;
  /** 0 while it waits for the creation request that carries its request_id (the webhook beat the create call) */
  applied: IntBool;
  received_at: string;
  applied_at: string | null;
}

/** What the webhooks have said about each group. */
export interface GroupsStateTable {
  group_id: string;
  phone_number_id: string | null;
  subject: string | null;
  invite_link: string | null;
  suspended: IntBool;
  deleted: IntBool;
  /** webhook time of the suspend/clear that set `suspended`: an older retried one does not overwrite a newer one */
  suspended_event_at: EventTime;
  /** webhook time of the update that set `subject` */
  subject_event_at: EventTime;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  creation_requests: CreationRequestsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_updates: WebhookUpdatesTable;
  groups_state: GroupsStateTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CreationRequest = Selectable<CreationRequestsTable>;
export type CreationRequestUpdate = Updateable<CreationRequestsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookUpdate = Selectable<WebhookUpdatesTable>;
export type NewWebhookUpdate = Insertable<WebhookUpdatesTable>;
export type GroupState = Selectable<GroupsStateTable>;
