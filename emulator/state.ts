import { type CursorKey, compareKeys, firstIndexAtOrAfter } from "./cursors";
import { makeGroupId, makeInviteLink } from "./ids";
import { seedGroupData } from "./seed";

export const MAX_GROUPS_PER_NUMBER = 10_000;
export const MAX_PARTICIPANTS = 8;

export type JoinApprovalMode = "approval_required" | "auto_approve";

export interface JoinRequest {
  id: string;
  waId: string;
  createdAtMs: number;
}

export interface ProfilePicture {
  mime_type: "image/jpeg";
  /** base64 SHA-256 of the file bytes, as group_settings_update reports it */
  sha256: string;
  bytes: number;
  width: number;
  height: number;
}

export interface Group {
  id: string;
  phoneNumberId: string;
  subject: string;
  description: string | undefined;
  joinApprovalMode: JoinApprovalMode;
  createdAtMs: number;
  inviteLink: string;
  participants: string[];
  /** open join requests, sorted newest first (same key order as groups) */
  joinRequests: JoinRequest[];
  /** users the business removed: they cannot rejoin through the invite link */
  removed: Set<string>;
  suspended: boolean;
  /** the last picture set through POST /{group} (multipart); null until then */
  profilePicture: ProfilePicture | null;
}

interface NumberState {
  /** sorted by (createdAt desc, id desc) */
  groups: Group[];
  nextSeq: number;
  seeded: number;
  pendingCreates: number;
}

export const groupKey = (g: Group): CursorKey => ({ t: g.createdAtMs, id: g.id });
export const joinRequestKey = (r: JoinRequest): CursorKey => ({ t: r.createdAtMs, id: r.id });

/** All groups and join requests, per phone number. Pure data; no timers or I/O. */
export class EmulatorState {
  phoneNumberIds: string[] = [];
  private numbers = new Map<string, NumberState>();
  private byId = new Map<string, Group>();

  /** how many times the state was reset: part of every group ID, so IDs are never reused */
  private generation = -1;

  constructor(phoneNumberIds: string[], seedGroups: number) {
    this.reset(phoneNumberIds, seedGroups);
  }

  reset(phoneNumberIds: string[], seedGroups: number): void {
    this.generation += 1;
    this.phoneNumberIds = [...phoneNumberIds];
    this.numbers = new Map();
    this.byId = new Map();
    for (const phone of this.phoneNumberIds) {
      this.numbers.set(phone, { groups: [], nextSeq: 1, seeded: 0, pendingCreates: 0 });
      this.seed(phone, seedGroups);
    }
  }

  hasNumber(phone: string): boolean {
    return this.numbers.has(phone);
  }

  private number(phone: string): NumberState {
    const n = this.numbers.get(phone);
    if (!n) throw new Error(`unknown phone number id ${phone}`);
    return n;
  }

  /** Adds up to `count` deterministic groups (never above the per-number limit). Returns the number's total. */
  seed(phone: string, count: number): number {
    const n = this.number(phone);
    const room = Math.max(0, MAX_GROUPS_PER_NUMBER - n.groups.length - n.pendingCreates);
    const add = Math.min(Math.max(0, Math.floor(count)), room);
    for (let i = 0; i < add; i++) {
      const data = seedGroupData(n.seeded++);
      const group: Group = {
        id: makeGroupId(phone, n.nextSeq++, this.generation),
        phoneNumberId: phone,
        subject: data.subject,
        description: data.description,
        joinApprovalMode: data.joinApprovalMode,
        createdAtMs: data.createdAtMs,
        inviteLink: makeInviteLink(),
        participants: data.participants,
        joinRequests: [],
        removed: new Set(),
        suspended: false,
        profilePicture: null,
      };
      n.groups.push(group);
      this.byId.set(group.id, group);
    }
    n.groups.sort((a, b) => compareKeys(groupKey(a), groupKey(b)));
    return n.groups.length;
  }

  groupsOf(phone: string): readonly Group[] {
    return this.number(phone).groups;
  }

  groupCount(phone: string): number {
    return this.number(phone).groups.length;
  }

  totalGroups(): number {
    let total = 0;
    for (const n of this.numbers.values()) total += n.groups.length;
    return total;
  }

  pendingCreates(): number {
    let total = 0;
    for (const n of this.numbers.values()) total += n.pendingCreates;
    return total;
  }

  /** Existing groups plus creates still pending. */
  usedCapacity(phone: string): number {
    const n = this.number(phone);
    return n.groups.length + n.pendingCreates;
  }

  beginCreate(phone: string): void {
    this.number(phone).pendingCreates++;
  }

  endCreate(phone: string): void {
    const n = this.numbers.get(phone);
    if (n && n.pendingCreates > 0) n.pendingCreates--;
  }

  getGroup(id: string): Group | undefined {
    return this.byId.get(id);
  }

  createGroup(input: {
    phoneNumberId: string;
    subject: string;
    description: string | undefined;
    joinApprovalMode: JoinApprovalMode;
    createdAtMs: number;
  }): Group {
    const n = this.number(input.phoneNumberId);
    const group: Group = {
      ...input,
      id: makeGroupId(input.phoneNumberId, n.nextSeq++, this.generation),
      inviteLink: makeInviteLink(),
      participants: [],
      joinRequests: [],
      removed: new Set(),
      suspended: false,
      profilePicture: null,
    };
    const at = firstIndexAtOrAfter(n.groups, groupKey, groupKey(group));
    n.groups.splice(at, 0, group);
    this.byId.set(group.id, group);
    return group;
  }

  deleteGroup(id: string): Group | undefined {
    const group = this.byId.get(id);
    if (!group) return undefined;
    this.byId.delete(id);
    const n = this.numbers.get(group.phoneNumberId);
    if (n) {
      const at = firstIndexAtOrAfter(n.groups, groupKey, groupKey(group));
      if (n.groups[at] === group) n.groups.splice(at, 1);
      else n.groups = n.groups.filter((g) => g !== group);
    }
    return group;
  }

  addJoinRequest(group: Group, request: JoinRequest): void {
    const at = firstIndexAtOrAfter(group.joinRequests, joinRequestKey, joinRequestKey(request));
    group.joinRequests.splice(at, 0, request);
  }
}
