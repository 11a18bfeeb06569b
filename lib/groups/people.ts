/**
 * People in a group as Meta names them. Until 2026 that is a `wa_id` (their phone number's digits); Meta's
 * business-scoped user IDs add `user_id` and `username` and may leave `wa_id` out. Plain functions: the group page
 * shows whichever identifier there is.
 */
export interface Person {
  waId?: string;
  userId?: string;
  username?: string;
}

/** The identifier to show and to send back to Meta (removal takes a phone number, wa_id or user_id). */
export function personId(person: Person): string {
  return person.waId ?? person.userId ?? "";
}

/** "+16505551234 (@maria.lopez27)", "US.1349…", … */
export function personLabel(person: Person): string {
  const main = person.waId ? `+${person.waId}` : (person.userId ?? "unknown");
  return person.username ? `${main} (@${person.username})` : main;
}
