import { describe, expect, it } from 'vitest';
import { assessCustomer } from '../src/domain/assess-customer.ts';
import { recommendTerms, type TermsInput } from '../src/domain/credit-terms.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { emptySnapshot } from './risk-fixtures.ts';

const base: TermsInput = {
  riskClass: 'B',
  warning: 'none',
  score: 60,
  onHold: false,
  customerTermsDays: 30,
  openAlerts: 0,
  prepaymentBelowScore: 30,
};
const terms = (overrides: Partial<TermsInput>) => recommendTerms({ ...base, ...overrides });
const days = (overrides: Partial<TermsInput>) => terms(overrides).days;

describe('recommendTerms: class A earns longer terms', () => {
  it.each([
    [30, 45],
    [0, 15],
    [60, 75],
    [75, 90],
    [80, 90], // capped at 90
    [90, 90],
    [120, 120], // already longer than the cap: never shortened for a good customer
    [366, 366],
  ])('terms of %i days → %i days', (usual, expected) => {
    const result = terms({ riskClass: 'A', score: 85, customerTermsDays: usual });
    expect(result).toMatchObject({ days: expected, prepayment: false, code: 'class-a-longer' });
  });

  it('says why in a sentence naming both figures', () => {
    expect(terms({ riskClass: 'A', score: 85 }).reason).toBe(
      'Class A pays reliably: terms can be extended from 30 days to 45 days.',
    );
  });

  it('an unknown customer term counts as 30 days', () => {
    expect(days({ riskClass: 'A', customerTermsDays: null })).toBe(45);
  });
});

describe('recommendTerms: class B keeps the usual terms', () => {
  it.each([0, 1, 14, 30, 60, 366])('terms of %i days stay', (usual) => {
    expect(terms({ customerTermsDays: usual })).toMatchObject({
      days: usual,
      prepayment: false,
      code: 'class-b-usual',
    });
  });

  it('unknown: 30 days, and the sentence says so (1 day in the singular)', () => {
    expect(terms({ customerTermsDays: null }).reason).toBe(
      "Class B: keep the customer's usual terms of 30 days.",
    );
    expect(terms({ customerTermsDays: 1 }).reason).toBe("Class B: keep the customer's usual terms of 1 day.");
  });

  it('a red B (overdue) keeps its terms: the hold stops the order, the advice follows the class', () => {
    expect(terms({ warning: 'red', onHold: true })).toMatchObject({ days: 30, prepayment: false });
  });
});

describe('recommendTerms: class C gets shorter terms', () => {
  it.each([
    [30, 15],
    [31, 15], // half rounded down
    [60, 30],
    [14, 7],
    [10, 7], // half is 5: at least 7
    [7, 7],
    [5, 5], // already shorter than 7: never lengthened for a risky customer
    [0, 0],
  ])('terms of %i days → %i days', (usual, expected) => {
    const result = terms({ riskClass: 'C', score: 40, warning: 'yellow', customerTermsDays: usual });
    expect(result).toMatchObject({ days: expected, prepayment: false, code: 'class-c-shorter' });
  });

  it.each([
    [
      'a red warning',
      { warning: 'red' as const },
      'Class C with red warning: ask for payment before delivery.',
    ],
    ['a credit hold', { onHold: true }, 'Class C with credit hold: ask for payment before delivery.'],
    [
      'a score under the red threshold',
      { score: 29 },
      'Class C with score 29: ask for payment before delivery.',
    ],
  ])('prepayment with %s', (_case, overrides, reason) => {
    expect(terms({ riskClass: 'C', score: 40, ...overrides })).toEqual({
      days: 0,
      prepayment: true,
      reason,
      code: 'class-c-prepayment',
    });
  });

  it('a score at the threshold is not yet prepayment', () => {
    expect(terms({ riskClass: 'C', score: 30 }).prepayment).toBe(false);
  });
});

describe('recommendTerms: an open business alert', () => {
  it.each(['A', 'B', 'C'] as const)('asks class %s for prepayment', (riskClass) => {
    expect(terms({ riskClass, score: 90, openAlerts: 1 })).toMatchObject({
      days: 0,
      prepayment: true,
      code: 'open-alert-prepayment',
    });
  });
});

describe('assessCustomer with business alerts', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const options = {
    now,
    dayMs: 86_400_000,
    model: riskModelV1,
    previousLimit: null,
    fallbackCurrency: 'CNY',
  };
  const alert = (alertId: string, daysAgo: number, note: string | null = null) => ({
    alertId,
    kind: 'litigation' as const,
    note,
    since: new Date(now.getTime() - daysAgo * 86_400_000),
  });

  it('an open alert turns a calm customer red and on hold, keeps the score, and shows as a factor', () => {
    const calm = assessCustomer(emptySnapshot({ firstSeenAt: now }), options);
    const alerted = assessCustomer(
      emptySnapshot({ firstSeenAt: now, openAlerts: [alert('AL-2', 1), alert('AL-1', 3, 'sued')] }),
      options,
    );
    expect(calm).toMatchObject({ warning: 'none', onHold: false });
    expect(alerted).toMatchObject({ score: calm.score, class: 'B', warning: 'red', onHold: true });
    expect(alerted.holdReason).toBe('warning level red; alert litigation AL-1; alert litigation AL-2');
    // Oldest first, after the model's factors; no points of their own.
    expect(alerted.factors.slice(-2)).toEqual([
      {
        name: 'alert',
        value: 'litigation',
        contribution: 0,
        alert: { alertId: 'AL-1', kind: 'litigation', note: 'sued', since: '2026-05-29T00:00:00.000Z' },
      },
      {
        name: 'alert',
        value: 'litigation',
        contribution: 0,
        alert: { alertId: 'AL-2', kind: 'litigation', note: null, since: '2026-05-31T00:00:00.000Z' },
      },
    ]);
    expect(alerted.recommendedTerms.code).toBe('open-alert-prepayment');
  });

  it('without alerts the advice follows the class and the customer terms from the ledger', () => {
    const result = assessCustomer(emptySnapshot({ firstSeenAt: now, paymentTermsDays: 45 }), options);
    expect(result.recommendedTerms).toMatchObject({ days: 45, prepayment: false, code: 'class-b-usual' });
    expect(result.holdReason).toBe('warning below red, open balance within the credit limit, no open alert');
  });
});
