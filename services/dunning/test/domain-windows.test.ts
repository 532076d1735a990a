import { instantOfLocal } from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { promiseCheckAt } from '../src/domain/promise-deadline.ts';
import { nextSendInstant } from '../src/domain/send-window.ts';
import { pickCollector, taskPriority } from '../src/domain/task-priority.ts';

const office = { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
const iso = (ms: number) => new Date(ms).toISOString();

describe('send windows', () => {
  it('keeps an instant inside business hours', () => {
    const at = Date.parse('2026-11-30T02:00:00Z'); // Monday 10:00 in Shanghai
    expect(nextSendInstant(at, 'Asia/Shanghai', office)).toBe(at);
  });
  it('moves midnight to 08:00 local the same day', () => {
    const at = Date.parse('2026-11-29T16:00:00Z'); // Monday 00:00 in Shanghai
    expect(iso(nextSendInstant(at, 'Asia/Shanghai', office))).toBe('2026-11-30T00:00:00.000Z');
  });
  it('moves an evening to the next morning and a weekend to Monday', () => {
    expect(iso(nextSendInstant(Date.parse('2026-11-30T19:30:00Z'), 'UTC', office))).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    // Friday 18:00 in New York → Monday 08:00 EST
    expect(iso(nextSendInstant(Date.parse('2026-11-27T23:00:00Z'), 'America/New_York', office))).toBe(
      '2026-11-30T13:00:00.000Z',
    );
  });
  it('crosses a daylight-saving change (Berlin, last Sunday of March)', () => {
    // Saturday 28 March 2026 noon → Monday 30 March 08:00 CEST (UTC+2)
    expect(iso(nextSendInstant(Date.parse('2026-03-28T12:00:00Z'), 'Europe/Berlin', office))).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });
  it('treats the same instant differently per zone', () => {
    const at = Date.parse('2026-12-01T01:00:00Z'); // Tue 09:00 Shanghai, Mon 20:00 New York
    expect(nextSendInstant(at, 'Asia/Shanghai', office)).toBe(at);
    expect(iso(nextSendInstant(at, 'America/New_York', office))).toBe('2026-12-01T13:00:00.000Z');
  });
  it('finds local midnight in a zone ahead of UTC across a month end', () => {
    expect(iso(instantOfLocal(2026, 11, 31, 0, 'Asia/Shanghai'))).toBe('2026-11-30T16:00:00.000Z');
  });
});

describe('task priority and assignment', () => {
  it('grows with amount, risk and days overdue', () => {
    expect(taskPriority(100_000n, 2, 'B', 30)).toBe(1000 * 2 * 30);
    expect(taskPriority(100_000n, 2, 'C', 30)).toBeGreaterThan(taskPriority(100_000n, 2, 'B', 30));
    expect(taskPriority(100_000n, 2, 'A', 0)).toBe(1000);
    expect(taskPriority(1_000n, 0, 'B', 7)).toBe(14_000);
  });
  const collectors = [
    { collectorId: 'ann', capacity: 2, openTasks: 2, portfolio: ['c1'] },
    { collectorId: 'bob', capacity: 10, openTasks: 5, portfolio: ['c2'] },
    { collectorId: 'cid', capacity: 10, openTasks: 1, portfolio: [] },
  ];
  it('gives the portfolio owner first, then the least loaded with room', () => {
    expect(pickCollector('c2', collectors)).toBe('bob');
    expect(pickCollector('c1', collectors)).toBe('cid'); // ann is full
    expect(pickCollector('c9', collectors)).toBe('cid');
    expect(pickCollector('c9', collectors, ['cid'])).toBe('bob');
    expect(pickCollector('c9', [{ collectorId: 'x', capacity: 1, openTasks: 1, portfolio: [] }])).toBeNull();
  });
});

describe('promise deadline', () => {
  it('compressed days count from today', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(promiseCheckAt('2026-12-01', now, 100, 2, () => 0)).toBe(now + (3 + 1 + 2) * 100);
    expect(promiseCheckAt('2026-11-01', now, 100, 2, () => 0)).toBe(now + 3 * 100);
  });
  it('real days use the end of the promised date in the customer zone plus grace', () => {
    const end = Date.parse('2026-12-01T16:00:00Z');
    expect(promiseCheckAt('2026-12-01', 0, 86_400_000, 2, () => end)).toBe(end + 2 * 86_400_000);
  });
});
