import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessCustomer } from '../src/domain/assess-customer.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import type { RiskInputs } from '../src/domain/risk-inputs.ts';
import { scoreRisk } from '../src/domain/score-risk.ts';
import { emptySnapshot } from './risk-fixtures.ts';

const model = riskModelV1;
const ratio = fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null });
const share = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
const days = fc.option(fc.double({ min: -30, max: 400, noNaN: true }), { nil: null });

const inputs: fc.Arbitrary<RiskInputs> = fc.record({
  avgDaysLate: days,
  recentDaysLate: days,
  lateShare: share,
  brokenPromises: fc.nat(10),
  recentLateShare: share,
  partPaymentShrink: fc.double({ min: 0, max: 1, noNaN: true }),
  maxDaysPastDue: fc.nat(400),
  overdueShare: fc.double({ min: 0, max: 1, noNaN: true }),
  limitUtilisation: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
  currentRatio: ratio,
  quickRatio: ratio,
  debtRatio: ratio,
  industry: fc.option(fc.constantFrom('construction', 'retail', 'software', 'government', 'other'), {
    nil: null,
  }),
  relationshipDays: fc.nat(3000),
  settledInvoices: fc.nat(100),
});
const more = fc.double({ min: 0, max: 200, noNaN: true });
const score = (i: RiskInputs) => scoreRisk(i, model).score;

describe('the score moves the right way', () => {
  it('more days late (mean, recent, or past due now, with the late shares) never improves the score', () => {
    fc.assert(
      fc.property(inputs, more, fc.nat(200), (base, extra, extraPastDue) => {
        const later: RiskInputs = {
          ...base,
          avgDaysLate: (base.avgDaysLate ?? 0) + extra,
          recentDaysLate: (base.recentDaysLate ?? 0) + extra,
          maxDaysPastDue: base.maxDaysPastDue + extraPastDue,
          lateShare: Math.min(1, (base.lateShare ?? 0) + extra / 200),
          recentLateShare: Math.min(1, (base.recentLateShare ?? 0) + extra / 200),
        };
        const known = {
          ...base,
          avgDaysLate: base.avgDaysLate ?? 0,
          recentDaysLate: base.recentDaysLate ?? 0,
          lateShare: base.lateShare ?? 0,
          recentLateShare: base.recentLateShare ?? 0,
        };
        expect(score(later)).toBeLessThanOrEqual(score(known));
      }),
      { numRuns: 500 },
    );
  });

  it('a higher current ratio never worsens the score', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0, max: 5, noNaN: true }), more, (base, ratioValue, extra) => {
        const lower = { ...base, currentRatio: ratioValue };
        const higher = { ...base, currentRatio: ratioValue + extra / 40 };
        expect(score(higher)).toBeGreaterThanOrEqual(score(lower));
      }),
      { numRuns: 500 },
    );
  });

  it('more broken promises never improve the score nor lower the warning', () => {
    const rank = { none: 0, blue: 1, yellow: 2, red: 3 };
    fc.assert(
      fc.property(inputs, fc.nat(10), (base, extra) => {
        const worse = { ...base, brokenPromises: base.brokenPromises + extra };
        expect(score(worse)).toBeLessThanOrEqual(score(base));
        expect(rank[scoreRisk(worse, model).warning]).toBeGreaterThanOrEqual(
          rank[scoreRisk(base, model).warning],
        );
      }),
      { numRuns: 500 },
    );
  });

  it('paying every invoice later (from raw payment history) never improves the assessment score', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const dayMs = 86_400_000;
    const history = fc.array(
      fc.record({ ageDays: fc.nat(400), daysLate: fc.integer({ min: -20, max: 150 }) }),
      {
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(history, fc.nat(90), (items, shift) => {
        const assess = (extra: number) =>
          assessCustomer(
            emptySnapshot({
              payments: items.map((p) => ({
                at: new Date(now.getTime() - p.ageDays * dayMs),
                daysLate: p.daysLate + extra,
              })),
              settlements: items.map((p) => ({
                at: new Date(now.getTime() - p.ageDays * dayMs),
                daysLate: p.daysLate + extra,
                writtenOff: false,
              })),
            }),
            { now, dayMs, model, previousLimit: null, fallbackCurrency: 'CNY' },
          ).score;
        expect(assess(shift)).toBeLessThanOrEqual(assess(0));
      }),
      { numRuns: 300 },
    );
  });

  it('the score is always an integer from 0 to 100', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const s = score(i);
        expect(Number.isInteger(s) && s >= 0 && s <= 100).toBe(true);
      }),
    );
  });
});
