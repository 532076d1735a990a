import { describe, expect, it } from 'vitest';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { classOf, scoreRisk, warningOf } from '../src/domain/score-risk.ts';
import { neutralInputs } from './risk-fixtures.ts';

const model = riskModelV1;

describe('scoreRisk', () => {
  it('starts from the base and lists every factor with its contribution', () => {
    const result = scoreRisk(neutralInputs(), model);
    expect(result.score).toBe(75);
    expect(result.modelVersion).toBe('risk-v1');
    expect(result.factors).toHaveLength(15);
    expect(result.factors.find((f) => f.name === 'currentRatio')).toEqual({
      name: 'currentRatio',
      value: null,
      contribution: 0,
    });
  });

  it('the score is base plus the contributions, clamped to 0..100', () => {
    const bad = scoreRisk(
      neutralInputs({
        avgDaysLate: 90,
        recentDaysLate: 90,
        lateShare: 1,
        brokenPromises: 5,
        maxDaysPastDue: 200,
        overdueShare: 1,
        currentRatio: 0.2,
        quickRatio: 0,
        debtRatio: 1,
        industry: 'construction',
      }),
      model,
    );
    expect(bad.score).toBe(0);
    expect(bad.class).toBe('C');
    expect(bad.warning).toBe('red');
    const good = scoreRisk(
      neutralInputs({
        avgDaysLate: -2,
        currentRatio: 3,
        quickRatio: 2,
        debtRatio: 0.1,
        relationshipDays: 1000,
        settledInvoices: 40,
        industry: 'government',
      }),
      model,
    );
    expect(good.score).toBe(75 + 3 + 5 + 2 + 2 + 3 + 3 + 3);
    expect(good.class).toBe('A');
    expect(good.warning).toBe('none');
  });

  it('a new customer with no history is class B', () => {
    const result = scoreRisk(neutralInputs({ relationshipDays: 0, settledInvoices: 0 }), model);
    expect(result.score).toBe(67);
    expect(result.class).toBe('B');
  });
});

describe('classOf', () => {
  it.each([
    [100, 'A'],
    [75, 'A'],
    [74, 'B'],
    [50, 'B'],
    [49, 'C'],
    [0, 'C'],
  ])('score %s is class %s', (score, expected) => {
    expect(classOf(score, model)).toBe(expected);
  });
});

describe('warningOf', () => {
  it.each([
    [80, 0, 0, 'none'],
    [60, 0, 0, 'none'],
    [59, 0, 0, 'blue'],
    [45, 0, 0, 'blue'],
    [44, 0, 0, 'yellow'],
    [30, 0, 0, 'yellow'],
    [29, 0, 0, 'red'],
    [90, 1, 0, 'blue'],
    [90, 29, 0, 'blue'],
    [90, 30, 0, 'yellow'],
    [90, 59, 0, 'yellow'],
    [90, 60, 0, 'red'],
    [90, 0, 1, 'none'],
    [90, 0, 2, 'yellow'],
    [20, 1, 2, 'red'],
  ])('score %s, %s days past due, %s broken promises: %s', (score, days, broken, expected) => {
    expect(warningOf(score, neutralInputs({ maxDaysPastDue: days, brokenPromises: broken }), model)).toBe(
      expected,
    );
  });
});
