import { describe, expect, it } from 'vitest';
import { allocateOldestFirst } from '../src/domain/allocate-oldest-first.ts';
import { businessInstant } from '../src/domain/business-instant.ts';
import { daysLate } from '../src/domain/days-late.ts';
import { deriveStatus } from '../src/domain/invoice-status.ts';

const realDay = 86_400_000;

describe('daysLate with real days (calendar days in the customer zone)', () => {
  const overdueAt = new Date('2026-10-31T16:00:00Z'); // end of Oct 31 in Shanghai
  it.each([
    ['2026-10-31T15:59:59Z', 0, 'the last second of the due day'],
    ['2026-10-31T16:00:00Z', 1, 'the first second after it'],
    ['2026-10-30T23:00:00Z', 0, 'Oct 30 in UTC but 07:00 on Oct 31 in Shanghai: the due day'],
    ['2026-10-30T15:59:59Z', -1, 'the last second of Oct 30 in Shanghai'],
    ['2026-11-07T03:00:00Z', 7, 'a week later'],
    ['2026-10-01T00:00:00Z', -30, 'a month early'],
  ])('%s is %i days late (%s)', (at, expected) => {
    const value = daysLate({
      at: new Date(at),
      dueDate: '2026-10-31',
      overdueAt,
      timeZone: 'Asia/Shanghai',
      dayMs: realDay,
    });
    expect(value).toBe(expected);
  });

  it('counts across a DST change by calendar days', () => {
    // New York's Nov 1 2026 is 25 hours long.
    const value = daysLate({
      at: new Date('2026-11-03T04:30:00Z'),
      dueDate: '2026-11-01',
      overdueAt: new Date('2026-11-02T05:00:00Z'),
      timeZone: 'America/New_York',
      dayMs: realDay,
    });
    expect(value).toBe(1);
  });
});

describe('daysLate with compressed days', () => {
  const overdueAt = new Date('2026-10-01T00:00:10Z');
  it.each([
    [9_999, 0],
    [10_000, 1],
    [10_999, 1],
    [11_000, 2],
    [8_000, -1],
  ])('%i ms after the anchor is %i days late (DAY_MS=1000)', (ms, expected) => {
    const at = new Date(Date.parse('2026-10-01T00:00:00Z') + ms);
    expect(daysLate({ at, dueDate: '2026-10-31', overdueAt, timeZone: 'UTC', dayMs: 1000 })).toBe(expected);
  });
});

describe('allocateOldestFirst', () => {
  const items = [
    { id: 'a', balanceMinor: 100n },
    { id: 'b', balanceMinor: 0n },
    { id: 'c', balanceMinor: 50n },
  ];
  it('fills items in order, skipping settled ones, and leaves the rest over', () => {
    expect(allocateOldestFirst(170n, items)).toEqual({
      applications: [
        { id: 'a', amountMinor: 100n },
        { id: 'c', amountMinor: 50n },
      ],
      leftoverMinor: 20n,
    });
  });
  it('stops when the money runs out, partway through an item', () => {
    expect(allocateOldestFirst(120n, items)).toEqual({
      applications: [
        { id: 'a', amountMinor: 100n },
        { id: 'c', amountMinor: 20n },
      ],
      leftoverMinor: 0n,
    });
  });
  it('with nothing open, everything is left over', () => {
    expect(allocateOldestFirst(5n, [])).toEqual({ applications: [], leftoverMinor: 5n });
  });
  it('refuses a negative amount', () => {
    expect(() => allocateOldestFirst(-1n, items)).toThrow(RangeError);
  });
});

describe('deriveStatus', () => {
  const overdueAt = new Date('2026-11-01T00:00:00Z');
  const before = new Date('2026-10-31T23:59:59Z');
  it.each([
    [{ balanceMinor: 10n, overdueAt, now: before }, 'open'],
    [{ balanceMinor: 10n, overdueAt, now: overdueAt }, 'overdue'],
    [{ balanceMinor: 0n, overdueAt, now: overdueAt }, 'paid'],
    [{ balanceMinor: -5n, overdueAt, now: before }, 'paid'],
    [{ balanceMinor: 0n, overdueAt, now: before, writtenOff: true }, 'written-off'],
    [{ balanceMinor: 0n, overdueAt, now: before, writtenOff: true, cancelled: true }, 'cancelled'],
    [{ balanceMinor: 0n, overdueAt, now: overdueAt, lastEntryKind: 'adjustment' }, 'adjusted'],
    [{ balanceMinor: 0n, overdueAt, now: before, lastEntryKind: 'payment' }, 'paid'],
    [{ balanceMinor: 0n, overdueAt, now: before, lastEntryKind: 'discount' }, 'paid'],
    [{ balanceMinor: 10n, overdueAt, now: overdueAt, lastEntryKind: 'adjustment' }, 'overdue'],
    [{ balanceMinor: 0n, overdueAt, now: before, lastEntryKind: 'adjustment', cancelled: true }, 'cancelled'],
  ] as const)('%o is %s', (input, expected) => {
    expect(deriveStatus(input)).toBe(expected);
  });
});

describe('businessInstant', () => {
  it('reads a date as the start of that day in the zone, and keeps an instant as it is', () => {
    expect(businessInstant('2026-11-02', 'Asia/Shanghai').toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(businessInstant('2026-11-02T10:00:00+02:00', 'Asia/Shanghai').toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
  });
});
