import "server-only";
import type { Role } from "./roles";
import { AuthorizationError, type CurrentUser, requireUser } from "./session";

/**
 * For route handlers: the signed-in user with at least `role`, or the 401/403 JSON response to return instead.
 * Route handlers are public endpoints; each checks the session itself (proxy.ts is only a convenience).
 */
export async function authorizeRoute(
  role: Role,
): Promise<{ user: CurrentUser; denied?: never } | { user?: never; denied: Response }> {
  try {
    return { user: await requireUser(role) };
  } catch (error) {
    if (!(error instanceof AuthorizationError)) throw error;
    const status = error.reason === "unauthenticated" ? 401 : 403;
    return {
      denied: Response.json(
        { error: { kind: error.reason, message: error.message } },
        { status, headers: { "Cache-Control": "no-store" } },
      ),
    };
  }
}
