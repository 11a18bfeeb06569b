import type { JoinApprovalMode } from "./state";
/** Deterministic seed data: the same inputs always give the same names, dates and participants. */

/** Seeded groups count back in time from this instant (2026-01-01T00:00:00Z). */
const SEED_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

const TOPICS = [
  "Community",
  "Customer Care",
  "Product Launch",
  "Weekend Runners",
  "Book Club",
  "Order Updates",
  "VIP Members",
  "Workshop",
  "Neighbourhood",
  "Support Squad",
  "Beta Testers",
  "Cooking Class",
  "Garden Friends",
  "Photography",
  "Travel Deals",
  "Fitness Challenge",
];

const KINDS = ["group", "chat", "circle", "team", "crew", "hub", "lounge"];

export interface SeedGroupData {
  subject: string;
  description: string | undefined;
  joinApprovalMode: JoinApprovalMode;
  createdAtMs: number;
  participants: string[];
}

/** Seed group number k (0-based, per phone number): k = 0 is the newest. */
export function seedGroupData(k: number): SeedGroupData {
  const topic = TOPICS[k % TOPICS.length] ?? "Community";
  const kind = KINDS[Math.floor(k / TOPICS.length) % KINDS.length] ?? "group";
  const subject = `${topic} ${kind} ${String(k + 1).padStart(4, "0")}`;
  // Strictly decreasing with k: 3 h apart, with a deterministic jitter under one hour.
  const createdAtMs = SEED_EPOCH_MS - (k * 10_800 + ((k * 7919) % 3600)) * 1000;
  const participantCount = k % 6;
  const participants: string[] = [];
  for (let i = 0; i < participantCount; i++) participants.push(`1650555${String((k * 7 + i) % 10_000).padStart(4, "0")}`);
  return {
    subject,
    description: k % 3 === 2 ? undefined : `${topic} ${kind}: updates and conversation for members.`,
    joinApprovalMode: k % 4 === 3 ? "approval_required" : "auto_approve",
    createdAtMs,
    participants,
  };
}
