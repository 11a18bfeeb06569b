"use server";

import { z } from "zod";
import { getDb } from "@/lib/db";
import { getGraphClient } from "@/lib/graph";
import { createGroupRequest } from "@/lib/groups/create";
import {
  answerJoinRequests,
  deleteGroup,
  removeGroupParticipants,
  resetInviteLink,
  updateGroupSettings,
} from "@/lib/groups/manage";
import { getBusinessNumbers } from "@/lib/numbers";
import { createGroupSchema } from "@/lib/validation/create-group";
import {
  deleteGroupSchema,
  groupSettingsSchema,
  joinRequestsSchema,
  removeParticipantsSchema,
} from "@/lib/validation/group-admin";
import { isGroupId, isPhoneNumberId } from "@/lib/validation/ids";
import { startSync } from "@/lib/groups/sync-runner";
import type { CurrentUser } from "@/lib/auth/session";
import { protectedAction } from "./protected-action";

/** What a group's domain functions need: the database, Meta, and who is acting (with their role, for the log). */
const manageDeps = async (user: CurrentUser) => ({ db: await getDb(), graph: getGraphClient(), user });

const groupInput = z.object({
  groupId: z.string().refine(isGroupId, "That is not a group ID."),
});

/**
 * Creates a group. Managers and admins only (checked here, not just in the UI). The same idempotency key never
 * reaches Meta twice (lib/groups/create.ts).
 */
export const createGroupAction = protectedAction(
  "manager",
  createGroupSchema,
  async (input, user) =>
    createGroupRequest({ db: await getDb(), graph: getGraphClient(), user, numbers: getBusinessNumbers() }, input),
  "create",
);

/** The group's current invite link, fetched on demand. Anyone signed in may read it. */
export const getInviteLinkAction = protectedAction(
  "viewer",
  groupInput,
  async ({ groupId }) => ({ ok: true, data: { inviteLink: await getGraphClient().getInviteLink(groupId) } }),
  "read",
);

/** Replaces the invite link: every earlier link stops working. Managers only (checked here, not just in the UI). */
export const resetInviteLinkAction = protectedAction(
  "manager",
  groupInput,
  async ({ groupId }, user) => resetInviteLink(await manageDeps(user), { groupId }),
  "write",
);

/** Subject and/or description. Managers only. Pending until Meta's group_settings_update says applied or failed. */
export const updateSettingsAction = protectedAction("manager", groupSettingsSchema, async (input, user) =>
  updateGroupSettings(await manageDeps(user), input),
);

/** Removes 1..8 participants (Meta's limit per call). Managers only. Pending until group_participants_update. */
export const removeParticipantsAction = protectedAction("manager", removeParticipantsSchema, async (input, user) =>
  removeGroupParticipants(await manageDeps(user), input),
);

/** Approves or rejects join requests; Meta answers at once, possibly for only some of them. Managers only. */
export const answerJoinRequestsAction = protectedAction("manager", joinRequestsSchema, async (input, user) =>
  answerJoinRequests(await manageDeps(user), input),
);

/** Deletes the group once its subject is typed. Managers only. Pending until Meta's group_delete webhook. */
export const deleteGroupAction = protectedAction("manager", deleteGroupSchema, async (input, user) =>
  deleteGroup(await manageDeps(user), input),
);

const syncSchema = z.object({ phoneNumberId: z.string().refine(isPhoneNumberId, "That is not a business number.") });

/** Starts a walk of Meta's list into the number's index now (one at a time per number, across instances). Managers. */
export const syncNowAction = protectedAction("manager", syncSchema, ({ phoneNumberId }) => {
  if (!getBusinessNumbers().some((n) => n.id === phoneNumberId)) {
    return Promise.resolve({
      ok: false as const,
      kind: "invalid-input",
      title: "Unknown number",
      message: "Pick one of this dashboard's business numbers.",
    });
  }
  startSync(phoneNumberId);
  return Promise.resolve({ ok: true as const, data: null });
});
