import "server-only";

/** Domain types the app works with (camelCase). Wire shapes live in schemas.ts. */

import type { JoinApprovalMode } from "@/lib/groups/join-approval";

export interface PageRequest {
  /** 1..1024; the Graph default is 25. */
  limit?: number;
  /** Opaque cursor: the page after this one. */
  after?: string;
  /** Opaque cursor: the page before this one. */
  before?: string;
}

export interface PageCursors {
  before?: string;
  after?: string;
}

interface GroupSummary {
  id: string;
  subject: string;
  /** As Graph sends `created_at`: a string with no documented format, passed through untouched. */
  createdAt: string;
}

export interface GroupPage {
  groups: GroupSummary[];
  cursors: PageCursors;
  hasNext: boolean;
  hasPrevious: boolean;
}

/** Fields that can be asked of GET /{group-id}; mapped to Graph's snake_case names by the client. */
export type GroupField =
  "subject" | "description" | "participants" | "joinApprovalMode" | "suspended" | "createdAt" | "totalParticipantCount";

export const GROUP_FIELDS: readonly GroupField[] = [
  "subject",
  "description",
  "participants",
  "joinApprovalMode",
  "suspended",
  "createdAt",
  "totalParticipantCount",
];

/** A person in a group: at least one of waId (phone-based) or userId (business-scoped, Meta's 2026 rollout). */
export interface GroupParticipant {
  waId?: string;
  userId?: string;
  username?: string;
}

/** Fields not asked for (or not sent by Graph) are absent. */
export interface GroupInfo {
  id: string;
  subject?: string;
  description?: string;
  participants?: GroupParticipant[];
  joinApprovalMode?: JoinApprovalMode;
  suspended?: boolean;
  /** ISO 8601, from `creation_timestamp` (seconds). */
  createdAt?: string;
  /** Excludes the business itself. */
  totalParticipantCount?: number;
}

export interface CreateGroupInput {
  /** 1..128 characters after trimming. */
  subject: string;
  /** At most 2048 characters. */
  description?: string;
  /** Graph default: auto_approve. Cannot be changed after creation. */
  joinApprovalMode?: JoinApprovalMode;
}

export interface UpdateGroupSettingsInput {
  subject?: string;
  description?: string;
}

interface JoinRequest {
  id: string;
  waId: string;
  /** ISO 8601, from `creation_timestamp` (seconds). */
  createdAt: string;
}

export interface JoinRequestPage {
  joinRequests: JoinRequest[];
  cursors: PageCursors;
  hasNext: boolean;
  hasPrevious: boolean;
}

/** An error item inside a successful (partial) answer, e.g. a join request that could not be approved. */
export interface GraphErrorDetail {
  code: number | null;
  message: string | null;
  title: string | null;
  details: string | null;
}

export interface JoinRequestsOutcome {
  /** Ids Graph reports as approved (approve) or rejected (reject). */
  succeeded: string[];
  failed: { joinRequestId: string; errors: GraphErrorDetail[] }[];
  /** Request-level errors Graph attached to an otherwise successful answer. */
  errors: GraphErrorDetail[];
}
