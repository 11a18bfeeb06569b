/** What the activity log records, declared once. Plain data: the /activity page's filters list these. */
export const AUDIT_ACTIONS = {
  "group.create": "Create a group",
  "group.invite_link.reset": "Reset an invite link",
  "group.join_requests.approve": "Approve join requests",
  "group.join_requests.reject": "Reject join requests",
  "group.participants.remove": "Remove participants",
  "group.settings.update": "Change group settings",
  "group.delete": "Delete a group",
  "user.add": "Add a user",
  "user.role.change": "Change a role",
  "user.remove": "Remove a user",
  "user.password.change": "Change a password",
  "auth.sign_in": "Sign in",
  "auth.lockout": "Sign-in refused (locked)",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** submitted: Meta took it and reports the outcome later (an entry of its own, linked to this one). */
export type AuditOutcome = "submitted" | "succeeded" | "failed" | "partial";
