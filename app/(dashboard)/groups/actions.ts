"use server";

import { z } from "zod";
import { protectedAction } from "@/lib/actions/protected-action";
import { getGraphClient } from "@/lib/graph";

const groupInput = z.object({
  groupId: z
    .string()
    .min(1, "A group ID is required.")
    .max(256)
    .regex(/^[A-Za-z0-9_\-=.@:]+$/, "That is not a group ID."),
});

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
