export const LEGAL_PAGE_SIZE = 25;
/** Dunning answers at most this offset; past it the page number is out of range. */
const MAX_PAGE = 40_000;

export interface LegalFilter {
  customerId?: string;
  /** Also tasks that are done or closed (taken back from legal). */
  includeDone: boolean;
  page: number;
}

const trimmed = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** The legal page's filter from its query string; anything malformed falls back to the first page of all. */
export function parseLegalFilter(query: Record<string, unknown>): LegalFilter {
  const pageRaw = Number(trimmed(query.page) ?? '1');
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? Math.min(pageRaw, MAX_PAGE) : 1;
  const customerId = trimmed(query.customerId);
  return {
    ...(customerId && /^[A-Za-z0-9._-]{1,100}$/.test(customerId) ? { customerId } : {}),
    includeDone: trimmed(query.includeDone) === '1',
    page,
  };
}

/** The query string of a page of the same filter (for the pager's links). */
export function legalQuery(filter: LegalFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.customerId) params.set('customerId', filter.customerId);
  if (filter.includeDone) params.set('includeDone', '1');
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/** Pages needed for `total` tasks (at least one, so an empty queue shows "1 / 1"). */
export const legalPages = (total: number) => Math.max(1, Math.ceil(total / LEGAL_PAGE_SIZE));
