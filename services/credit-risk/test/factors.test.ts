import { describe, expect, it } from 'vitest';
import { factorPoints } from '../src/domain/factors.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';

const w = riskModelV1.weights;

describe('payment behaviour factors', () => {
  it.each([
    [null, 0],
    [-5, 3],
    [0, 3],
    [0.5, -10 * (0.5 / 60)],
    [30, -5],
    [60, -10],
    [400, -10],
  ])('avgDaysLate %s gives %s', (days, points) => {
    expect(factorPoints.avgDaysLate(days, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [null, 0],
    [-3, 0],
    [0, 0],
    [22.5, -6],
    [45, -12],
    [90, -12],
  ])('recentDaysLate %s gives %s', (days, points) => {
    expect(factorPoints.recentDaysLate(days, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [null, 0],
    [0, 0],
    [0.5, -4],
    [1, -8],
  ])('lateShare %s gives %s', (share, points) => {
    expect(factorPoints.lateShare(share, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [0, 0],
    [1, -2],
    [3, -6],
    [10, -6],
  ])('brokenPromises %s gives %s', (count, points) => {
    expect(factorPoints.brokenPromises(count, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [null, 0],
    [0, 0],
    [0.25, -2],
    [1, -8],
  ])('recentLateShare %s gives %s', (share, points) => {
    expect(factorPoints.recentLateShare(share, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [0, 0],
    [0.5, -2.5],
    [1, -5],
  ])('partPaymentShrink %s gives %s', (shrink, points) => {
    expect(factorPoints.partPaymentShrink(shrink, w)).toBeCloseTo(points, 6);
  });
});

describe('exposure factors', () => {
  it.each([
    [0, 0],
    [1, -25 / 90],
    [45, -12.5],
    [90, -25],
    [365, -25],
  ])('maxDaysPastDue %s gives %s', (days, points) => {
    expect(factorPoints.maxDaysPastDue(days, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [0, 0],
    [0.3, -3],
    [1, -10],
  ])('overdueShare %s gives %s', (share, points) => {
    expect(factorPoints.overdueShare(share, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [null, 0],
    [0.5, 0],
    [0.8, 0],
    [1.15, -4],
    [1.5, -8],
    [Number.POSITIVE_INFINITY, -8],
  ])('limitUtilisation %s gives %s', (used, points) => {
    expect(factorPoints.limitUtilisation(used, w)).toBeCloseTo(points, 6);
  });
});

describe('financial ratios', () => {
  it.each([
    [null, 0],
    [0, -25],
    [0.5, -20],
    [0.999, -15.01],
    [1, 0],
    [1.5, 2.5],
    [2, 5],
    [10, 5],
  ])('currentRatio %s gives %s (below 1 weighs heavily)', (ratio, points) => {
    expect(factorPoints.currentRatio(ratio, w)).toBeCloseTo(points, 6);
  });

  it('a current ratio just under 1 costs more than any other single financial factor', () => {
    const justUnder = factorPoints.currentRatio(0.99, w);
    expect(justUnder).toBeLessThan(factorPoints.quickRatio(0, w));
    expect(justUnder).toBeLessThan(factorPoints.debtRatio(1, w));
  });

  it.each([
    [null, 0],
    [0, -6],
    [0.5, -3],
    [1, 2],
    [3, 2],
  ])('quickRatio %s gives %s', (ratio, points) => {
    expect(factorPoints.quickRatio(ratio, w)).toBeCloseTo(points, 6);
  });

  it.each([
    [null, 0],
    [0.1, 2],
    [0.3, 0],
    [0.6, 0],
    [0.8, -4],
    [1, -8],
    [1.4, -8],
  ])('debtRatio %s gives %s', (ratio, points) => {
    expect(factorPoints.debtRatio(ratio, w)).toBeCloseTo(points, 6);
  });
});

describe('industry, relationship and volume', () => {
  it.each([
    ['construction', -8],
    ['  Construction ', -8],
    ['agriculture', -6],
    ['government', 3],
    ['space mining', 0],
    [null, 0],
    // Found by fuzzing: these named Object's members, scored NaN, and the assessment never stored.
    ['constructor', 0],
    ['__proto__', 0],
    [' toString ', 0],
    ['hasOwnProperty', 0],
  ])('industry %s gives %s', (industry, points) => {
    expect(factorPoints.industry(industry, w)).toBe(points);
  });

  it.each([
    [0, -5],
    [89, -5],
    [90, 0],
    [729, 0],
    [730, 3],
  ])('relationshipDays %s gives %s', (days, points) => {
    expect(factorPoints.relationshipDays(days, w)).toBe(points);
  });

  it.each([
    [0, -3],
    [2, -3],
    [3, 0],
    [23, 0],
    [24, 3],
  ])('settledInvoices %s gives %s', (count, points) => {
    expect(factorPoints.settledInvoices(count, w)).toBe(points);
  });
});
