/** Roles and what each may do. Plain data: safe to import from client components to hide what a role cannot use. */
export const ROLES = ["viewer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

/** viewer < manager < admin: each role may do everything the ones below it may. */
export function hasRole(actual: Role | undefined | null, required: Role): boolean {
  return actual != null && rank[actual] >= rank[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
