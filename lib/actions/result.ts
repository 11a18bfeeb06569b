/** What every server action answers. Plain data: safe to import on the client. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export interface ActionFailure {
  ok: false;
  /** stable code for the UI to branch on */
  kind: string;
  title: string;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  retryAfterSeconds?: number;
}
