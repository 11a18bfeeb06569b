import { z } from "zod";

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./page-sizes";

const cursor = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_\-=.~%+/]+$/)
  .optional()
  .catch(undefined);

/** The groups table's state as it lives in the URL. Bad values fall back to defaults instead of failing the page. */
export const groupsQuerySchema = z.object({
  number: z
    .string()
    .regex(/^\d{5,20}$/)
    .optional()
    .catch(undefined),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).catch(DEFAULT_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  after: cursor,
  before: cursor,
  notice: z.enum(["cursor-expired"]).optional().catch(undefined),
});
export type GroupsQuery = z.infer<typeof groupsQuerySchema>;

export function groupsHref(query: { number?: string; limit?: number; after?: string; before?: string; notice?: string }): string {
  const params = new URLSearchParams();
  if (query.number) params.set("number", query.number);
  if (query.limit && query.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(query.limit));
  if (query.after) params.set("after", query.after);
  else if (query.before) params.set("before", query.before);
  if (query.notice) params.set("notice", query.notice);
  const qs = params.toString();
  return qs ? `/groups?${qs}` : "/groups";
}

/** Takes the first value of a search param that may be repeated. */
export function firstParams(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}
