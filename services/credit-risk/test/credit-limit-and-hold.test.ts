import { describe, expect, it } from 'vitest';
import { concentratedCustomers } from '../src/domain/concentration.ts';
import { decideHold } from '../src/domain/credit-hold.ts';
import { creditLimitMinor } from '../src/domain/credit-limit.ts';
import { riskModelV1 } from '../src/domain/models/v1.ts';
import { standingChanged } from '../src/domain/standing.ts';

const model = riskModelV1;

describe('creditLimitMinor', () => {
  it.each([
    ['A', 0n, null, 5_000_000n],
    ['B', 0n, null, 2_000_000n],
    ['C', 0n, null, 0n],
    ['A', 10_000_000n, null, 30_000_000n],
    ['B', 10_000_000n, null, 20_000_000n],
    ['C', 10_000_000n, null, 10_000_000n],
    ['B', 10_000_000n, 0.8, 10_000_000n],
    ['B', 10_000_000n, 1, 20_000_000n],
    ['B', 0n, 0.5, 1_000_000n],
  ] as const)('class %s, monthly volume %s, current ratio %s: %s', (riskClass, volume, ratio, expected) => {
    expect(
      creditLimitMinor({
        riskClass,
        monthlyVolumeMinor: volume,
        currency: 'CNY',
        currentRatio: ratio,
        model,
      }),
    ).toBe(expected);
  });

  // Found by fuzzing: months of a volume near the largest amount overflowed the bigint column, so the
  // customer's assessment failed and was retried forever.
  it('never exceeds the largest amount a bigint holds', () => {
    expect(
      creditLimitMinor({
        riskClass: 'A',
        monthlyVolumeMinor: 2n ** 63n - 1n,
        currency: 'CNY',
        currentRatio: null,
        model,
      }),
    ).toBe(2n ** 63n - 1n);
  });

  it('uses the currency exponent for the floor', () => {
    expect(
      creditLimitMinor({
        riskClass: 'B',
        monthlyVolumeMinor: 0n,
        currency: 'JPY',
        currentRatio: null,
        model,
      }),
    ).toBe(20_000n);
  });
});

describe('decideHold', () => {
  const formatMoney = (minor: bigint) => minor.toString();
  it('holds on red', () => {
    expect(decideHold({ warning: 'red', openMinor: 0n, limitMinor: 10n, formatMoney })).toEqual({
      onHold: true,
      reason: 'warning level red',
    });
  });
  it('holds on a limit breach, not at the limit', () => {
    expect(decideHold({ warning: 'none', openMinor: 10n, limitMinor: 10n, formatMoney }).onHold).toBe(false);
    const breach = decideHold({ warning: 'yellow', openMinor: 11n, limitMinor: 10n, formatMoney });
    expect(breach).toEqual({ onHold: true, reason: 'open balance 11 above credit limit 10' });
  });
  it('holds with reason dunning while a request names an invoice still owed', () => {
    const request = (owedInvoiceIds: string[]) => ({
      step: 'legal-letter',
      requestedAt: new Date('2026-04-01T00:00:00Z'),
      owedInvoiceIds,
    });
    const calm = { warning: 'none' as const, openMinor: 5n, limitMinor: 10n, formatMoney };
    expect(decideHold({ ...calm, holdRequests: [request(['i-1'])] })).toEqual({
      onHold: true,
      reason: 'dunning',
    });
    expect(decideHold({ ...calm, warning: 'red', holdRequests: [request(['i-1'])] }).reason).toBe(
      'warning level red; dunning',
    );
    // Every named invoice paid: the usual rule decides alone.
    expect(decideHold({ ...calm, holdRequests: [request([])] }).onHold).toBe(false);
    expect(decideHold({ ...calm, warning: 'red', holdRequests: [request([])] }).reason).toBe(
      'warning level red',
    );
    expect(decideHold({ ...calm, holdRequests: [request([]), request(['i-2'])] }).onHold).toBe(true);
  });

  it('releases when neither holds', () => {
    expect(decideHold({ warning: 'yellow', openMinor: 5n, limitMinor: 10n, formatMoney }).onHold).toBe(false);
  });
});

describe('standingChanged', () => {
  const standing = {
    class: 'B',
    warning: 'none',
    creditLimitMinor: 100n,
    currency: 'CNY',
    onHold: false,
  } as const;
  it('is true at first and for any published part', () => {
    expect(standingChanged(null, standing)).toBe(true);
    expect(standingChanged(standing, { ...standing })).toBe(false);
    expect(standingChanged(standing, { ...standing, class: 'C' })).toBe(true);
    expect(standingChanged(standing, { ...standing, warning: 'blue' })).toBe(true);
    expect(standingChanged(standing, { ...standing, creditLimitMinor: 101n })).toBe(true);
    expect(standingChanged(standing, { ...standing, currency: 'USD' })).toBe(true);
    expect(standingChanged(standing, { ...standing, onHold: true })).toBe(true);
  });
});

describe('concentratedCustomers', () => {
  it('flags customers above the threshold per currency, not at it', () => {
    const flagged = concentratedCustomers(
      [
        { customerId: 'a', currency: 'CNY', openMinor: 30n },
        { customerId: 'b', currency: 'CNY', openMinor: 70n },
        { customerId: 'c', currency: 'USD', openMinor: 10n },
        { customerId: 'd', currency: 'USD', openMinor: 0n },
      ],
      0.3,
    );
    expect(flagged.map((f) => [f.customerId, f.share])).toEqual([
      ['c', 1],
      ['b', 0.7],
    ]);
  });
  it('flags nobody when balances are spread', () => {
    const spread = ['a', 'b', 'c', 'd'].map((id) => ({ customerId: id, currency: 'EUR', openMinor: 25n }));
    expect(concentratedCustomers(spread, 0.3)).toEqual([]);
  });
});
