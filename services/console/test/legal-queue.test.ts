import { describe, expect, it } from 'vitest';
import { legalPages, legalQuery, parseLegalFilter } from '../src/domain/legal-queue.ts';
import { dayIn, startOfDayIn } from '../src/domain/local-day.ts';

describe('the legal queue filter', () => {
  it('keeps a customer id, the done switch and a page number', () => {
    expect(parseLegalFilter({ customerId: ' cust-1 ', includeDone: '1', page: '3' })).toEqual({
      customerId: 'cust-1',
      includeDone: true,
      page: 3,
    });
  });

  it.each([
    ['no query', {}],
    ['a page of 0', { page: '0' }],
    ['a negative page', { page: '-2' }],
    ['a fractional page', { page: '1.5' }],
    ['a word for a page', { page: 'two' }],
    ['an id dunning would refuse', { customerId: 'a b/c' }],
    ['an id too long', { customerId: 'x'.repeat(101) }],
    ['includeDone other than 1', { includeDone: 'true' }],
  ])('falls back to the first page of all for %s', (_, query) => {
    expect(parseLegalFilter(query)).toEqual({ includeDone: false, page: 1 });
  });

  it('caps the page so the offset stays one dunning accepts', () => {
    expect(parseLegalFilter({ page: '99999999' }).page).toBe(40_000);
  });

  it('writes the same filter for another page, leaving out what is default', () => {
    const filter = parseLegalFilter({ customerId: 'cust-1', includeDone: '1' });
    expect(legalQuery(filter, 1)).toBe('customerId=cust-1&includeDone=1');
    expect(legalQuery(filter, 2)).toBe('customerId=cust-1&includeDone=1&page=2');
    expect(legalQuery(parseLegalFilter({}), 1)).toBe('');
  });

  it.each([
    [0, 1],
    [1, 1],
    [25, 1],
    [26, 2],
    [1000, 40],
  ])('needs for %i tasks %i page(s)', (total, pages) => {
    expect(legalPages(total)).toBe(pages);
  });
});

describe('the day an instant falls on in a time zone (a block’s end in its edit form)', () => {
  it.each([
    ['2027-01-30T16:00:00.000Z', 'Asia/Shanghai', '2027-01-31'],
    ['2027-01-30T15:59:59.999Z', 'Asia/Shanghai', '2027-01-30'],
    ['2027-03-01T04:59:59.000Z', 'America/New_York', '2027-02-28'],
    ['2028-02-29T12:00:00.000Z', 'UTC', '2028-02-29'],
    ['2026-12-31T23:30:00.000Z', 'Asia/Kolkata', '2027-01-01'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(dayIn(instant, zone)).toBe(day);
  });

  it.each([
    ['2027-01-31', 'Asia/Shanghai'],
    ['2027-03-14', 'America/New_York'],
    ['2027-10-31', 'Europe/Berlin'],
    ['2028-02-29', 'Pacific/Auckland'],
  ])('round-trips the day %s in %s through its starting instant', (day, zone) => {
    expect(dayIn(startOfDayIn(day, zone), zone)).toBe(day);
  });
});
