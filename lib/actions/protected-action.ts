import "server-only";
import { type $ZodType, type output, safeParse } from "zod/v4/core";
import type { Role } from "@/lib/auth/roles";
import { AuthorizationError, type CurrentUser, requireUser } from "@/lib/auth/session";
import { toUserFacingError } from "@/lib/errors/user-facing";
import { withRequestLog } from "@/lib/log";
import type { ActionResult } from "./result";

/**
 * The one path every server action takes: check the session and role, validate the input with the form's own
 * schema, then run. Any failure becomes an ActionResult the UI can show; nothing raw reaches the browser. Every
 * line it logs carries the request's ID.
 */
export function protectedAction<S extends $ZodType, T>(
  role: Role,
  schema: S,
  run: (input: output<S>, user: CurrentUser) => Promise<ActionResult<T>>,
  context: "read" | "create" | "write" = "write",
): (input: unknown) => Promise<ActionResult<T>> {
  return withRequestLog(async (input: unknown): Promise<ActionResult<T>> => {
    let user: CurrentUser;
    try {
      user = await requireUser(role);
    } catch (error) {
      if (error instanceof AuthorizationError) {
        return {
          ok: false,
          kind: error.reason,
          title: error.reason === "unauthenticated" ? "Signed out" : "Not allowed",
          message: error.message,
        };
      }
      throw error;
    }
    const parsed = safeParse(schema, input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "form");
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, kind: "invalid-input", title: "Check the form", message: "Some values are not valid.", fieldErrors };
    }
    try {
      return await run(parsed.data, user);
    } catch (error) {
      const problem = toUserFacingError(error, context);
      return { ok: false, ...problem };
    }
  });
}
