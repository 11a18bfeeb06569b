/**
 * Reads the date strings Graph sends: ISO 8601 (also with a "+0000" offset, Graph's habit) or Unix seconds.
 * Returns null when the value is not a date, so callers can show it raw.
 */
export function parseGraphDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number" || /^\d{9,11}$/.test(value)) {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  // Graph's usual "+0000" becomes "Z", the form Date reads fastest (a table of 1,024 groups reads one per row).
  const normalised = value.endsWith("+0000") ? `${value.slice(0, -5)}Z` : value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? null : date;
}
