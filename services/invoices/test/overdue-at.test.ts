import { describe, expect, it } from 'vitest';
import { overdueAt } from '../src/domain/overdue-at.ts';

const recordedAt = new Date('2026-10-01T03:00:00Z');
const realDay = 86_400_000;

describe('overdueAt with real days', () => {
  it.each([
    ['UTC', '2026-10-31', '2026-11-01T00:00:00.000Z'],
    ['Asia/Shanghai', '2026-10-31', '2026-10-31T16:00:00.000Z'],
    ['America/New_York', '2026-10-31', '2026-11-01T04:00:00.000Z'],
    // New York leaves daylight time on 2026-11-01: that day is 25 hours long.
    ['America/New_York', '2026-11-01', '2026-11-02T05:00:00.000Z'],
    ['Europe/Berlin', '2026-03-28', '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '2026-03-29T22:00:00.000Z'],
    ['Asia/Kolkata', '2026-02-28', '2026-02-28T18:30:00.000Z'],
    ['Pacific/Kiritimati', '2026-12-31', '2026-12-31T10:00:00.000Z'],
    ['UTC', '2028-02-28', '2028-02-29T00:00:00.000Z'],
  ])('in %s, due %s, is past due from %s', (timeZone, dueDate, expected) => {
    expect(
      overdueAt({ issueDate: '2026-01-01', dueDate, timeZone, recordedAt, dayMs: realDay }).toISOString(),
    ).toBe(expected);
  });

  it('reads a date-time due date by its date as written', () => {
    const at = overdueAt({
      issueDate: '2026-10-01T09:00:00+08:00',
      dueDate: '2026-10-31T23:00:00+08:00',
      timeZone: 'Asia/Shanghai',
      recordedAt,
      dayMs: realDay,
    });
    expect(at.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });
});

describe('overdueAt with compressed days', () => {
  it('replays the terms from when the invoice was recorded', () => {
    const at = overdueAt({
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      timeZone: 'UTC',
      recordedAt,
      dayMs: 100,
    });
    expect(at.getTime() - recordedAt.getTime()).toBe(31 * 100);
  });

  it('counts month ends and leap days as calendar days', () => {
    const at = overdueAt({
      issueDate: '2028-02-28',
      dueDate: '2028-03-01',
      timeZone: 'UTC',
      recordedAt,
      dayMs: 10,
    });
    expect(at.getTime() - recordedAt.getTime()).toBe(3 * 10);
  });

  it('makes an invoice due on its issue day past due one compressed day later', () => {
    const at = overdueAt({
      issueDate: '2026-10-01',
      dueDate: '2026-10-01',
      timeZone: 'UTC',
      recordedAt,
      dayMs: 1000,
    });
    expect(at.getTime() - recordedAt.getTime()).toBe(1000);
  });
});
