/** How people join a group; chosen at creation and never changeable afterwards (Meta offers no call for it). */
export const JOIN_APPROVAL_MODES = {
  auto_approve: {
    label: "Anyone with the link joins at once",
    short: "auto-approve",
    explanation: "People who open the invite link become members straight away.",
  },
  approval_required: {
    label: "A manager approves each person",
    short: "approval required",
    explanation: "Opening the invite link sends a join request; someone here approves or rejects it.",
  },
} as const;

export type JoinApprovalMode = keyof typeof JOIN_APPROVAL_MODES;
export const JOIN_APPROVAL_MODE_VALUES = Object.keys(JOIN_APPROVAL_MODES) as [JoinApprovalMode, ...JoinApprovalMode[]];
