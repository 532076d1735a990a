/** Open items a customer page shows at once; their dunning cases are fetched for these alone. */
export const OPEN_ITEMS_PAGE_SIZE = 50;

/**
 * One page of a customer's open items (1-based; a missing, malformed or out-of-range `page` shows the
 * first or the last page), so a customer with thousands of open invoices costs one page of case calls.
 */
export function openItemsPage<T>(
  items: readonly T[],
  requested: string | undefined,
  size = OPEN_ITEMS_PAGE_SIZE,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const asked = /^\d{1,6}$/.test(requested ?? '') ? Number(requested) : 1;
  const page = Math.min(Math.max(asked, 1), pages);
  return { items: items.slice((page - 1) * size, page * size), page, pages };
}
