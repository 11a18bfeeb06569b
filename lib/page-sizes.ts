/** Page sizes offered in the groups table; the URL accepts anything Meta does (1..1024). Plain data for the client. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1024;
