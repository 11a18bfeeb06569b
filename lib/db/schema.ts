import type { Generated, Insertable, Selectable, Updateable } from "kysely";

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
  | "unconfirmed";

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

export interface Database {
  users: UsersTable;
  login_throttle: LoginThrottleTable;
  creation_requests: CreationRequestsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CreationRequest = Selectable<CreationRequestsTable>;
export type CreationRequestUpdate = Updateable<CreationRequestsTable>;
