"use server";

import { z } from "zod";
import { getDb } from "@/lib/db";
import { getGraphClient } from "@/lib/graph";
import { createGroupRequest } from "@/lib/groups/create";
import { getBusinessNumbers } from "@/lib/numbers";
import { createGroupSchema } from "@/lib/validation/create-group";
import { isGroupId } from "@/lib/validation/ids";
import { protectedAction } from "./protected-action";

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
  async ({ groupId }) => ({ ok: true, data: { inviteLink: await getGraphClient().resetInviteLink(groupId) } }),
  "write",
);
