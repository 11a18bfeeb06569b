/**
 * Rules for the free text a manager types and the dashboard sends to Meta (subjects, descriptions). Plain functions
 * with no dependencies: the forms' zod/mini schemas use them in the browser and the server re-parses with the same
 * schemas.
 *
 * Lengths are counted in code points, as Meta's limits are (an emoji is one character, not two UTF-16 units), so a
 * live counter and the validator always agree.
 */

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** C0 and C1 control characters except tab, line feed and carriage return. NUL also breaks PostgreSQL inserts. */
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Embeddings, overrides and isolates reorder the text around them: "‮gnp.exe" reads as "exe.png". */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
/** Characters that take no space: a subject made only of them looks empty in WhatsApp. */
const INVISIBLE =
  /[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u2060-\u2064\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

export type TextProblem = "control" | "bidi" | "invisible";

/**
 * What is wrong with a one-line text (a subject), or null. `multiline` allows tabs and line breaks (descriptions).
 */
export function textProblem(text: string, { multiline = false }: { multiline?: boolean } = {}): TextProblem | null {
  if ((multiline ? CONTROL_EXCEPT_LINES : ANY_CONTROL).test(text)) return "control";
  if (BIDI_CONTROLS.test(text)) return "bidi";
  if (!multiline && text.length > 0 && text.replace(INVISIBLE, "").length === 0) return "invisible";
  return null;
}

export function textProblemMessage(field: string, problem: TextProblem, multiline = false): string {
  switch (problem) {
    case "control":
      return multiline
        ? `The ${field} cannot contain control characters (line breaks and tabs are fine).`
        : `The ${field} cannot contain control characters such as line breaks or tabs.`;
    case "bidi":
      return `The ${field} cannot contain text-direction override characters (U+202A–U+202E, U+2066–U+2069).`;
    case "invisible":
      return `The ${field} needs at least one visible character.`;
  }
}

/** Removes NUL characters from text that arrives from outside (webhooks) before it is stored. */
export function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

/**
 * What "contains" search compares: lower case, without accents or other combining marks, compatibility forms folded
 * ("Ｌｉｓｂｏａ" and "Lisbôa" both become "lisboa"). The same function makes the stored key and the query.
 */
export function searchKey(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}
