import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { Role } from "@/lib/auth/roles";
import type { JoinApprovalMode } from "@/lib/groups/join-approval";
import type { AuditAction, AuditOutcome } from "@/lib/audit/actions";
import type { RequestStatus } from "@/lib/requests/status";

export type { RequestStatus, Role };

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  password_hash: string;
  role: Role;
  /** in every session token; bumped by sign-out, password change, role change: older sessions stop working */
  session_version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface LoginThrottleTable {
  /** `pair:<client address>:<lower-cased email>` or `address:<client address>` (see lib/db/login-throttle.ts) */
  key: string;
  /** sign-in attempts counted since the window began (every attempt counts before its password is checked) */
  attempts: number;
  last_attempt_at: string;
  locked_until: string | null;
}

export interface CreationRequestsTable {
  id: Generated<number>;
  idempotency_key: string;
  request_id: string | null;
  phone_number_id: string;
  subject: string;
  description: string | null;
  join_approval_mode: JoinApprovalMode;
  status: RequestStatus;
  /** email of the user who sent it, kept for display after the account is gone */
  created_by: string;
  /** id of that user: an idempotency key is only ever answered to the user who made it */
  created_by_user_id: number | null;
  /** 1 when the create call went unanswered and its group_create webhook was matched afterwards */
  confirmed_late: Generated<IntBool>;
  /** the activity log entry of the create, which the webhook's outcome settles */
  audit_id: number | null;
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

/** What a change asks of Meta; its webhook says whether it was carried out. */
export type GroupChangeKind = "settings" | "picture" | "participants.remove" | "delete";
/** sending: recorded before Meta is called, so a webhook that beats Meta's 200 finds it */
export type GroupChangeStatus = "sending" | "submitted" | "applied" | "partly-applied" | "failed";

export interface GroupChangesTable {
  id: Generated<number>;
  group_id: string;
  phone_number_id: string | null;
  kind: GroupChangeKind;
  status: GroupChangeStatus;
  /** JSON: what was asked ({subject, description} | {sha256} | {participants} | {}) */
  details: string;
  /** JSON: what Meta reported, item by item, once settled */
  outcome: string | null;
  /** Meta's reason in plain words when something failed */
  error_message: string | null;
  /** the request ID of the webhook that settled it */
  request_id: string | null;
  created_by: string;
  created_at: string;
  settled_at: string | null;
  /** the activity log entry of the change, which the webhook's outcome settles */
  audit_id: number | null;
}

/** A group as Meta last listed it (or a webhook reported since), for search, totals, sorting and export. */
export interface GroupIndexTable {
  group_id: string;
  phone_number_id: string;
  subject: string;
  /** the subject lower-cased without accents: what "contains" search compares */
  subject_key: string;
  /** `created_at` exactly as Meta sent it */
  created_raw: string;
  /** the same as ISO 8601 when it is a date, else null (sorted last) */
  created_at: string | null;
  suspended: IntBool;
  last_seen_at: string;
  /** the sync run that last saw it in Meta's list (a webhook-added group has null until the next sync) */
  seen_by_sync: string | null;
}

export type SyncState = "idle" | "running" | "failed";

export interface GroupSyncTable {
  phone_number_id: string;
  state: SyncState;
  /** the run holding the lease while one runs */
  run_id: string | null;
  /** a running sync renews this; once it is past, another instance may take over */
  lease_until: string | null;
  started_at: string | null;
  /** progress of the current (or failed) walk */
  pages: number;
  groups_seen: number;
  /** set while the walk waits out a rate limit */
  waiting_until: string | null;
  /** when a full walk last completed: the index is ready from then on */
  last_success_at: string | null;
  last_total: number | null;
  /** why the last walk failed, and where it stopped */
  last_error: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  /** who, as they were at that moment; null when Meta reported something (a webhook) */
  actor_email: string | null;
  actor_role: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  phone_number_id: string | null;
  group_id: string | null;
  group_subject: string | null;
  request_id: string | null;
  /** the user an admin changed, or the email a sign-in was for */
  target_user: string | null;
  error_code: number | null;
  error_message: string | null;
  /** JSON: a small object of what else matters (counts, roles, per-item outcomes); never a secret */
  details: string | null;
  /** the entry of the change this one reports the outcome of */
  settles_id: number | null;
  client_ip: string | null;
}

export interface JobLeasesTable {
  name: string;
  owner: string | null;
  lease_until: string | null;
  last_run_at: string | null;
}

export interface Database {
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  creation_requests: CreationRequestsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_updates: WebhookUpdatesTable;
  groups_state: GroupsStateTable;
  group_changes: GroupChangesTable;
  group_index: GroupIndexTable;
  group_sync: GroupSyncTable;
  audit_log: AuditLogTable;
  job_leases: JobLeasesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CreationRequest = Selectable<CreationRequestsTable>;
export type CreationRequestUpdate = Updateable<CreationRequestsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
export type WebhookUpdate = Selectable<WebhookUpdatesTable>;
export type NewWebhookUpdate = Insertable<WebhookUpdatesTable>;
export type GroupState = Selectable<GroupsStateTable>;
export type GroupChange = Selectable<GroupChangesTable>;
export type IndexedGroup = Selectable<GroupIndexTable>;
export type GroupSync = Selectable<GroupSyncTable>;
export type AuditEntry = Selectable<AuditLogTable>;
