import { describe, expect, it } from 'vitest';
import { OPEN_ITEMS_PAGE_SIZE, openItemsPage } from '../src/domain/open-items-page.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('a customer page’s open items', () => {
  it('shows 50 at a time, the first page unless asked', () => {
    expect(OPEN_ITEMS_PAGE_SIZE).toBe(50);
    const first = openItemsPage(items(120), undefined);
    expect(first).toMatchObject({ page: 1, pages: 3 });
    expect(first.items).toEqual(items(50));
    expect(openItemsPage(items(120), '3').items).toEqual([
      101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
    ]);
  });

  it('keeps one page when there are none or exactly a page', () => {
    expect(openItemsPage([], '1')).toEqual({ items: [], page: 1, pages: 1 });
    expect(openItemsPage(items(50), '2')).toMatchObject({ page: 1, pages: 1 });
    expect(openItemsPage(items(51), '2')).toMatchObject({ items: [51], page: 2, pages: 2 });
  });

  it('reads a malformed or out-of-range page as the first or the last', () => {
    for (const bad of ['0', '-1', 'abc', '2abc', '1.5', '', ' 2', '9999999']) {
      expect(openItemsPage(items(120), bad).page, bad).toBe(1);
    }
    expect(openItemsPage(items(120), '99').page).toBe(3);
  });
});
