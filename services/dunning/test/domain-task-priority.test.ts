import { describe, expect, it } from 'vitest';
import { escalatedPriority, MAX_ESCALATION_DOUBLINGS, taskPriority } from '../src/domain/task-priority.ts';

describe('escalated task priority', () => {
  it('doubles on each of the first three escalations, then stays', () => {
    expect([0, 1, 2, 3, 4, 10, 1_000].map((n) => escalatedPriority(100, n))).toEqual([
      100, 200, 400, 800, 800, 800, 800,
    ]);
    expect(MAX_ESCALATION_DOUBLINGS).toBe(3);
  });

  it('stays finite after a thousand or a million re-queues, even for the largest base', () => {
    for (const escalations of [1_000, 1_024, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(Number.isFinite(escalatedPriority(1e300, escalations))).toBe(true);
      expect(Number.isFinite(escalatedPriority(Number.MAX_VALUE, escalations))).toBe(true);
    }
    expect(escalatedPriority(Number.MAX_VALUE, 5)).toBe(Number.MAX_VALUE);
  });

  it('keeps the order of the bases whatever the escalations beyond the cap', () => {
    const bases = [5_000, 1_200.5, 300, 0.01];
    for (const escalations of [3, 7, 999, 1_000]) {
      const ranked = bases.map((b) => escalatedPriority(b, escalations));
      expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    }
  });

  it('treats a negative or fractional count as what it can be', () => {
    expect(escalatedPriority(100, -5)).toBe(100);
    expect(escalatedPriority(100, 1.9)).toBe(200);
  });

  it('never gives a non-finite base priority, for 0-, 2- and 3-decimal currencies', () => {
    // JPY (0 decimals), CNY (2), KWD (3): the same major amount ranks the same.
    expect(taskPriority(1_000n, 0, 'B', 10)).toBe(taskPriority(100_000n, 2, 'B', 10));
    expect(taskPriority(1_000_000n, 3, 'B', 10)).toBe(taskPriority(1_000n, 0, 'B', 10));
    // A call task's amount is a sum that may pass a bigint: numeric(40, 0) read as a huge number.
    expect(Number.isFinite(taskPriority(10n ** 39n, 0, 'C', 100_000))).toBe(true);
    expect(Number.isFinite(taskPriority(10n ** 400n, 0, 'C', 100_000))).toBe(true);
  });
});
