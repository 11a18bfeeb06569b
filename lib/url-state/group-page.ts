/**
 * A group page's URL: `/groups/<id>?number=&jrAfter=|jrBefore=` (the join requests' cursors). No dependencies: the
 * groups table links here and the join requests pager builds its links with it.
 */
export interface GroupPageUrlState {
  number?: string;
  jrAfter?: string;
  jrBefore?: string;
}

const CURSOR = /^[A-Za-z0-9_\-=.~%+/]{1,2048}$/;

export function parseGroupPageUrl(raw: Record<string, string | string[] | undefined>): GroupPageUrlState {
  const first = (key: string) => {
    const value = raw[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const state: GroupPageUrlState = {};
  const number = first("number");
  if (number && /^\d{5,20}$/.test(number)) state.number = number;
  const after = first("jrAfter");
  const before = first("jrBefore");
  if (after && CURSOR.test(after)) state.jrAfter = after;
  else if (before && CURSOR.test(before)) state.jrBefore = before;
  return state;
}

export function groupPageHref(groupId: string, state: GroupPageUrlState = {}): string {
  return groupPageHrefs(state)(groupId);
}

/** groupPageHref for many groups that share the state (a table's rows): the query is built once. */
export function groupPageHrefs(state: GroupPageUrlState = {}): (groupId: string) => string {
  const params = new URLSearchParams();
  if (state.number) params.set("number", state.number);
  if (state.jrAfter) params.set("jrAfter", state.jrAfter);
  else if (state.jrBefore) params.set("jrBefore", state.jrBefore);
  const query = params.size ? `?${params.toString()}` : "";
  return (groupId) => `/groups/${encodeURIComponent(groupId)}${query}`;
}
