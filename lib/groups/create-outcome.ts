/**
 * What the create action answers, and which answers keep the form's idempotency key. Plain data: the create form
 * imports it.
 */
export interface CreatedRequest {
  /** the row in creation_requests, for following its status */
  id: number;
  requestId: string;
  subject: string;
  phoneNumberId: string;
  /**
   * `sent`: this submission reached Meta. `earlier-attempt`: the same form was submitted before and that attempt's
   * request is shown (no second group). `confirmed-late`: the first attempt went unanswered and Meta reported it
   * afterwards.
   */
  answer: "sent" | "earlier-attempt" | "confirmed-late";
}

/**
 * Failures after which submitting again must ask about the same request rather than send a new one: Meta may have
 * acted on it (unconfirmed), it is still being sent, the user was signed out before it was sent, or the answer never
 * arrived in the browser. ("Send as a new request" after `still-unconfirmed` is the manager's explicit choice.)
 */
export const KEEP_KEY_AFTER = new Set(["unconfirmed", "still-unconfirmed", "in-progress", "unauthenticated", "network"]);
