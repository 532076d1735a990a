import { describe, expect, it } from 'vitest';
import type { ProposalItem } from '../src/clients/types.ts';
import { startOfDayIn } from '../src/domain/local-day.ts';
import {
  daysOverdue,
  PROPOSAL_PAGE_SIZE,
  parseProposalFilter,
  proposalPage,
  proposalQuery,
} from '../src/domain/proposal.ts';

describe('startOfDayIn', () => {
  it.each([
    ['UTC', '2026-12-31', 'UTC', '2026-12-31T00:00:00.000Z'],
    [
      'Shanghai (UTC+8) starts the day the evening before in UTC',
      '2027-01-01',
      'Asia/Shanghai',
      '2026-12-31T16:00:00.000Z',
    ],
    ['Kolkata (UTC+5:30)', '2026-03-01', 'Asia/Kolkata', '2026-02-28T18:30:00.000Z'],
    ['Kuwait (UTC+3)', '2026-02-28', 'Asia/Kuwait', '2026-02-27T21:00:00.000Z'],
    ['New York in winter (UTC−5)', '2026-01-31', 'America/New_York', '2026-01-31T05:00:00.000Z'],
    ['New York in summer (UTC−4)', '2026-07-31', 'America/New_York', '2026-07-31T04:00:00.000Z'],
    ['New York on the day DST starts', '2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['New York the day after DST starts', '2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['Tokyo on a leap day', '2028-02-29', 'Asia/Tokyo', '2028-02-28T15:00:00.000Z'],
    ['Auckland in its summer (UTC+13)', '2026-12-31', 'Pacific/Auckland', '2026-12-30T11:00:00.000Z'],
  ])('%s', (_name, day, zone, expected) => {
    expect(startOfDayIn(day, zone).toISOString()).toBe(expected);
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['31/12/2026'], ['']])('refuses %j', (day) => {
    expect(() => startOfDayIn(day, 'UTC')).toThrow(RangeError);
  });
});

describe('parseProposalFilter', () => {
  const now = new Date('2026-12-05T10:00:00.000Z');

  it('looks a week ahead by default, every item, page 1', () => {
    expect(parseProposalFilter({}, now)).toEqual({
      untilDate: '2026-12-12',
      until: '2026-12-12T10:00:00.000Z',
      excluded: '',
      page: 1,
    });
  });

  it('reads a day as inclusive: up to the next midnight UTC, across a month and a year end', () => {
    expect(parseProposalFilter({ until: '2026-12-31' }, now).until).toBe('2027-01-01T00:00:00.000Z');
    expect(parseProposalFilter({ until: '2027-02-28' }, now).until).toBe('2027-03-01T00:00:00.000Z');
  });

  it('keeps today (it ends after now) but falls back for a past or malformed day', () => {
    expect(parseProposalFilter({ until: '2026-12-05' }, now).until).toBe('2026-12-06T00:00:00.000Z');
    expect(parseProposalFilter({ until: '2026-12-04' }, now).until).toBe('2026-12-12T10:00:00.000Z');
    expect(parseProposalFilter({ until: 'soon' }, now).until).toBe('2026-12-12T10:00:00.000Z');
  });

  it('reads customer, collector, exclusion and page; ignores what it does not know', () => {
    expect(
      parseProposalFilter({ customerId: ' c-1 ', collectorId: 'col-1', excluded: 'yes', page: '3' }, now),
    ).toMatchObject({ customerId: 'c-1', collectorId: 'col-1', excluded: 'yes', page: 3 });
    expect(parseProposalFilter({ excluded: 'maybe', page: '-2', customerId: '  ' }, now)).toMatchObject({
      excluded: '',
      page: 1,
    });
    expect(parseProposalFilter({ page: '1.5' }, now).page).toBe(1);
  });
});

const item = (over: Partial<ProposalItem>): ProposalItem => ({
  customerId: 'c',
  currency: 'CNY',
  level: 1,
  step: 'reminder',
  invoiceIds: ['i'],
  amount: '100.00',
  dueAt: '2026-12-06T00:00:00.000Z',
  channels: ['email'],
  excluded: null,
  ...over,
});

describe('proposalPage', () => {
  const filter = parseProposalFilter({}, new Date('2026-12-05T00:00:00.000Z'));
  const items = [
    item({ customerId: 'late', dueAt: '2026-12-09T00:00:00.000Z' }),
    item({ customerId: 'vip', excluded: { reason: 'vip' } }),
    item({ customerId: 'jpy', currency: 'JPY', amount: '10000' }),
    item({ customerId: 'kwd', currency: 'KWD', amount: '1.500', excluded: { reason: 'below-minimum' } }),
  ];

  it('orders by due time, then customer; counts what goes out and what is held back', () => {
    const page = proposalPage(items, filter);
    expect(page.items.map((i) => i.customerId)).toEqual(['jpy', 'kwd', 'vip', 'late']);
    expect(page.counts).toEqual({ all: 4, excluded: 2, going: 2 });
    expect(page).toMatchObject({ page: 1, pages: 1 });
  });

  it('keeps only the excluded or only what goes out, counts still over everything', () => {
    expect(proposalPage(items, { ...filter, excluded: 'yes' }).items.map((i) => i.customerId)).toEqual([
      'kwd',
      'vip',
    ]);
    const going = proposalPage(items, { ...filter, excluded: 'no' });
    expect(going.items.map((i) => i.customerId)).toEqual(['jpy', 'late']);
    expect(going.counts.all).toBe(4);
  });

  it('pages by 50 and clamps a page past the end to the last', () => {
    const many = Array.from({ length: PROPOSAL_PAGE_SIZE + 3 }, (_, n) =>
      item({ customerId: `c-${String(n).padStart(3, '0')}` }),
    );
    expect(proposalPage(many, filter).items).toHaveLength(PROPOSAL_PAGE_SIZE);
    const last = proposalPage(many, { ...filter, page: 9 });
    expect(last).toMatchObject({ page: 2, pages: 2 });
    expect(last.items.map((i) => i.customerId)).toEqual(['c-050', 'c-051', 'c-052']);
    expect(proposalPage([], filter)).toMatchObject({ items: [], page: 1, pages: 1 });
  });

  it('keeps the filter in the page links', () => {
    const query = new URLSearchParams(proposalQuery({ ...filter, customerId: 'c 1', excluded: 'yes' }, 2));
    expect(Object.fromEntries(query)).toEqual({
      customerId: 'c 1',
      until: filter.untilDate,
      excluded: 'yes',
      page: '2',
    });
  });
});

describe('daysOverdue', () => {
  const now = new Date('2026-03-01T09:00:00.000Z');
  it.each([
    ['not yet due', '2026-03-02', 0],
    ['due today', '2026-03-01', 0],
    ['across the end of February', '2026-02-28', 1],
    ['a month', '2026-01-30', 30],
    ['an instant', '2026-02-27T10:00:00.000Z', 1],
  ])('%s', (_name, due, days) => {
    expect(daysOverdue(due, now)).toBe(days);
  });
});
