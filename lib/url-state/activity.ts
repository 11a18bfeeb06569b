import { AUDIT_ACTION_NAMES, type AuditAction } from "@/lib/audit/actions";

/**
 * The activity page's filters as they live in the URL (`/activity?person=&action=&number=&group=&from=&to=&before=`),
 * parsed and built in one place. Dates are days (YYYY-MM-DD, UTC), `to` inclusive.
 */
export interface ActivityUrlState {
  person?: string;
  action?: AuditAction;
  number?: string;
  group?: string;
  from?: string;
  to?: string;
  /** keyset: entries older than this id */
  before?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseActivityUrl(raw: Record<string, string | string[] | undefined> | URLSearchParams): ActivityUrlState {
  const first = (key: string) => {
    if (raw instanceof URLSearchParams) return raw.get(key)?.trim() || undefined;
    const v = raw[key];
    return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
  };
  const state: ActivityUrlState = {};
  const person = first("person");
  if (person && person.length <= 320) state.person = person;
  const action = first("action");
  if (action && (AUDIT_ACTION_NAMES as string[]).includes(action)) state.action = action as AuditAction;
  const number = first("number");
  if (number && /^\d{5,20}$/.test(number)) state.number = number;
  const group = first("group");
  if (group && /^[A-Za-z0-9_\-=.@:]{1,256}$/.test(group)) state.group = group;
  for (const key of ["from", "to"] as const) {
    const day = first(key);
    if (day && DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`))) state[key] = day;
  }
  const before = first("before");
  if (before && /^\d{1,15}$/.test(before)) state.before = Number(before);
  return state;
}

export function activityHref(state: ActivityUrlState, path = "/activity"): string {
  const params = new URLSearchParams();
  if (state.person) params.set("person", state.person);
  if (state.action) params.set("action", state.action);
  if (state.number) params.set("number", state.number);
  if (state.group) params.set("group", state.group);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.before) params.set("before", String(state.before));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The database filter: days become instants, `to` up to the end of its day. */
export function activityFilters(state: ActivityUrlState) {
  return {
    actor: state.person,
    action: state.action,
    phoneNumberId: state.number,
    groupId: state.group,
    from: state.from ? `${state.from}T00:00:00.000Z` : undefined,
    to: state.to ? new Date(Date.parse(`${state.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined,
  };
}
