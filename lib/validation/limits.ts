/**
 * Meta's limits as numbers, apart from the schemas that enforce them: a form's counters and controls need the numbers
 * at first load, the schemas (zod) load with the form's first validation (lib/forms/lazy-resolver.ts).
 */

/** A group's subject: 1..128 characters after trimming. */
export const SUBJECT_MAX = 128;
/** A group's description. */
export const DESCRIPTION_MAX = 2048;
/** Meta removes at most this many people per call (DELETE /{group-id}/participants). */
export const MAX_REMOVALS_PER_CALL = 8;
