/**
 * The groups table's state as it lives in the URL, parsed and built in one place:
 * `/groups?number=&limit=` plus, reading the local index, `q=&sort=&dir=&page=`, or, reading Meta's list live
 * (`view=live`, or before the index is built), `after=|before=`; and a one-time `notice=`. No dependencies: the pager, the number switcher and the navigation (client components) use it
 * as the page does, so no component assembles a query string by hand.
 *
 * A value that cannot be used is corrected, and the correction is said: the page shows it instead of silently
 * showing something else than what the link asked for.
 */
const PAGE_SIZES = [10, 25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 25;
/** Meta's own maximum for `limit` on the groups list. */
const MAX_PAGE_SIZE = 1024;

const NOTICES = ["cursor-expired"] as const;
type Notice = (typeof NOTICES)[number];

const SORT_FIELDS = ["created", "subject"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = "asc" | "desc";
/** Newest first: Meta's own order. */
const DEFAULT_SORT: SortField = "created";
const DEFAULT_DIRECTION: SortDirection = "desc";

export interface GroupsUrlState {
  /** the business number's ID, when the URL names one (validated against the configured numbers by the page) */
  number?: string;
  limit: number;
  /** `live`: Meta's list as it is now, paged by Meta's cursors; otherwise the index when it is built */
  view?: "live";
  /** subject contains (index only) */
  q?: string;
  sort: SortField;
  dir: SortDirection;
  /** 1-based page of the index */
  page: number;
  /** Meta's opaque cursors: at most one of the two */
  after?: string;
  before?: string;
  /** a one-time notice the page shows (and then drops from the address bar) */
  notice?: Notice;
}

export interface Correction {
  param: "limit" | "after" | "before" | "number" | "page";
  message: string;
}

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

const NUMBER_ID = /^\d{5,20}$/;
const CURSOR = /^[A-Za-z0-9_\-=.~%+/]{1,2048}$/;

function first(raw: RawParams, key: string): string | undefined {
  if (raw instanceof URLSearchParams) return raw.get(key) ?? undefined;
  const value = raw[key];
  return Array.isArray(value) ? value[0] : value;
}

export function parseGroupsUrl(raw: RawParams): { state: GroupsUrlState; corrections: Correction[] } {
  const corrections: Correction[] = [];
  const state: GroupsUrlState = { limit: DEFAULT_PAGE_SIZE, sort: DEFAULT_SORT, dir: DEFAULT_DIRECTION, page: 1 };

  const number = first(raw, "number");
  if (number !== undefined && number !== "") {
    if (NUMBER_ID.test(number)) state.number = number;
    else corrections.push({ param: "number", message: `“${clip(number)}” is not a business number ID.` });
  }

  const limit = first(raw, "limit");
  if (limit !== undefined && limit !== "") {
    const n = /^\d{1,7}$/.test(limit.trim()) ? Number(limit.trim()) : NaN;
    if (n >= 1 && n <= MAX_PAGE_SIZE) state.limit = n;
    else if (n > MAX_PAGE_SIZE) {
      state.limit = MAX_PAGE_SIZE;
      corrections.push({
        param: "limit",
        message: `${n.toLocaleString("en")} rows per page is more than Meta allows: showing ${MAX_PAGE_SIZE.toLocaleString("en")}.`,
      });
    } else {
      corrections.push({
        param: "limit",
        message: `“${clip(limit)}” is not a page size from 1 to ${MAX_PAGE_SIZE.toLocaleString("en")}: showing ${DEFAULT_PAGE_SIZE}.`,
      });
    }
  }

  for (const key of ["after", "before"] as const) {
    const cursor = first(raw, key);
    if (cursor === undefined || cursor === "") continue;
    if (!CURSOR.test(cursor)) corrections.push({ param: key, message: "The page link was damaged: showing the first page." });
    else if (key === "before" && state.after) continue;
    else state[key] = cursor;
  }

  if (first(raw, "view") === "live") state.view = "live";
  const q = first(raw, "q")?.trim();
  if (q) state.q = q.slice(0, 128);
  const sort = first(raw, "sort");
  if ((SORT_FIELDS as readonly string[]).includes(sort ?? "")) state.sort = sort as SortField;
  const dir = first(raw, "dir");
  if (dir === "asc" || dir === "desc") state.dir = dir;
  const page = first(raw, "page");
  if (page !== undefined && page !== "") {
    if (/^\d{1,6}$/.test(page) && Number(page) >= 1) state.page = Number(page);
    else corrections.push({ param: "page", message: `“${clip(page)}” is not a page number: showing the first page.` });
  }

  const notice = first(raw, "notice");
  if ((NOTICES as readonly string[]).includes(notice ?? "")) state.notice = notice as Notice;
  return { state, corrections };
}

/** `/groups?…` for a state; defaults are left out, so the plain list is plain `/groups`. */
export function groupsHref(state: Partial<GroupsUrlState>): string {
  const params = new URLSearchParams();
  if (state.number) params.set("number", state.number);
  if (state.view) params.set("view", state.view);
  if (state.q) params.set("q", state.q);
  if (state.sort && state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.dir && state.dir !== DEFAULT_DIRECTION) params.set("dir", state.dir);
  if (state.limit && state.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(state.limit));
  if (state.page && state.page > 1) params.set("page", String(state.page));
  if (state.after) params.set("after", state.after);
  else if (state.before) params.set("before", state.before);
  if (state.notice) params.set("notice", state.notice);
  const query = params.toString();
  return query ? `/groups?${query}` : "/groups";
}

/** A new page size starts from the first page: cursors point into a list cut at the old size. */
export function pageSizeHref(state: Partial<GroupsUrlState>, limit: number): string {
  return groupsHref({ number: state.number, view: state.view, q: state.q, sort: state.sort, dir: state.dir, limit });
}

/** The same search, sorted by `sort`; choosing the current sort again flips its direction. From the first page. */
export function sortHref(state: GroupsUrlState, sort: SortField): string {
  const dir: SortDirection = state.sort === sort ? (state.dir === "asc" ? "desc" : "asc") : sort === "subject" ? "asc" : "desc";
  return groupsHref({ number: state.number, q: state.q, limit: state.limit, sort, dir });
}

/** Another page of the same search and order. */
export function indexPageHref(state: GroupsUrlState, page: number): string {
  return groupsHref({ number: state.number, q: state.q, sort: state.sort, dir: state.dir, limit: state.limit, page });
}

/** The same list searched for `q` (from its first page). */
export function searchHref(state: Partial<GroupsUrlState>, q: string): string {
  return groupsHref({ number: state.number, q: q.trim() || undefined, sort: state.sort, dir: state.dir, limit: state.limit });
}

/** The page sizes to offer: the usual ones, plus the current one when the URL asked for another. */
export function pageSizeOptions(current: number): number[] {
  const sizes: number[] = [...PAGE_SIZES];
  return sizes.includes(current) ? sizes : [...sizes, current].sort((a, b) => a - b);
}

/** Any dashboard path with the chosen number kept (`/requests?number=…`), or without one. */
export function withNumber(path: string, number: string | null | undefined): string {
  return number ? `${path}?${new URLSearchParams({ number }).toString()}` : path;
}

/**
 * Where the number switcher goes from `pathname`: the same page for the other number, from its start (a cursor or a
 * group belongs to one number, so a group's own page goes back to that number's list).
 */
export function switchNumberHref(pathname: string, number: string): string {
  if (pathname.startsWith("/groups/") && pathname !== "/groups/new") return groupsHref({ number });
  return withNumber(pathname, number);
}

function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** Page numbers to offer around `current` of `last`: the first, the last, two either side, gaps as null. */
export function pageWindow(current: number, last: number): Array<number | null> {
  const wanted = new Set(
    [1, last, current - 2, current - 1, current, current + 1, current + 2].filter((p) => p >= 1 && p <= last),
  );
  const pages = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (const page of pages) {
    const previous = out.at(-1);
    if (typeof previous === "number" && page - previous > 1) out.push(null);
    out.push(page);
  }
  return out;
}
