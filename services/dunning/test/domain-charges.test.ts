import { DunningChargeLeviedData, formatMinorUnits, MAX_MINOR_UNITS } from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { accruedInterest, computeCharges } from '../src/domain/charges.ts';
import { PolicyBody } from '../src/domain/policy.ts';

const invoice = (
  invoiceId: string,
  currency: string,
  balanceMinor: bigint,
  daysOverdue: number,
  through = 0,
) => ({
  invoiceId,
  currency,
  balanceMinor,
  daysOverdue,
  interestThroughDay: through,
});

describe('interest accrual (actual/365, simple, rounded down)', () => {
  it.each([
    // principal (minor), rate, days, expected minor — the arithmetic in the comment
    [100_000n, '0.08', 60, 1_315n], // EUR 1000.00 × 8 % × 60/365 = 13.1506… → 13.15
    [50_000n, '0.08', 30, 328n], // EUR 500.00 × 8 % × 30/365 = 3.2876… → 3.28
    [100_000n, '0.08', 365, 8_000n], // a whole year: exactly 8 %
    [100_000n, '0.08', 366, 8_021n], // a leap year's 366 days count as 366/365
    [100_000n, '0.08', 1, 21n], // one day: 0.2191… → 0.21
    [1_000_000n, '0.12', 31, 10_191n], // a month end (31 days) at 12 %: 101.9178… → 101.91
    [1_000_000n, '0.12', 28, 9_205n], // February (28 days): 92.0547… → 92.05
    [150_000n, '0.08', 30, 986n], // JPY 150,000 (no decimals) × 8 % × 30/365 = 986.30… → JPY 986
    [1_234_567n, '0.085', 45, 12_937n], // KWD 1234.567 (3 decimals) × 8.5 % × 45/365 = 12.9379… → 12.937
    [1n, '0.08', 30, 0n], // a cent for a month: nothing (rounded down)
  ])('%s at %s for %s days = %s', (principal, rate, days, expected) => {
    expect(accruedInterest(principal, rate, days)).toBe(expected);
  });

  it('is zero for no days, negative days or no principal, and capped at what a bigint column holds', () => {
    expect(accruedInterest(100_000n, '0.08', 0)).toBe(0n);
    expect(accruedInterest(100_000n, '0.08', -3)).toBe(0n);
    expect(accruedInterest(0n, '0.08', 30)).toBe(0n);
    expect(accruedInterest(MAX_MINOR_UNITS, '1', 730)).toBe(MAX_MINOR_UNITS);
  });
});

describe('charges of a notice', () => {
  it('levies each fee once per notice in its currency, naming its invoices, and interest per invoice', () => {
    const charges = computeCharges(
      'S1',
      { fee: { amount: '50.00', currency: 'CNY' }, annualInterestRate: '0.08' },
      [
        invoice('I1', 'CNY', 100_000n, 60),
        invoice('I2', 'CNY', 50_000n, 30),
        invoice('I3', 'USD', 1_000n, -3),
      ],
    );
    expect(charges).toEqual([
      {
        chargeId: 'S1.fee.CNY',
        kind: 'fee',
        currency: 'CNY',
        amountMinor: 5_000n,
        description: 'Dunning fee',
        invoiceIds: ['I1', 'I2'],
      },
      expect.objectContaining({
        chargeId: 'S1.interest.I1',
        invoiceId: 'I1',
        amountMinor: 1_315n,
        principalMinor: 100_000n,
        period: { fromDay: 0, toDay: 60 },
        annualRate: '0.08',
      }),
      expect.objectContaining({
        chargeId: 'S1.interest.I2',
        amountMinor: 328n,
        period: { fromDay: 0, toDay: 30 },
      }),
    ]);
  });

  it('accrues only the days after the last levied day, so no day is charged twice', () => {
    // Earlier notice charged days 1–60; this one at day 90 charges days 61–90 only.
    const [interest] = computeCharges('S2', { annualInterestRate: '0.08' }, [
      invoice('I1', 'EUR', 100_000n, 90, 60),
    ]);
    expect(interest).toMatchObject({ amountMinor: 657n, period: { fromDay: 60, toDay: 90 } }); // 30 days: 6.5753…
    // Everything charged already (a notice the same day, or a step back): nothing.
    expect(
      computeCharges('S3', { annualInterestRate: '0.08' }, [invoice('I1', 'EUR', 100_000n, 90, 90)]),
    ).toEqual([]);
    expect(
      computeCharges('S4', { annualInterestRate: '0.08' }, [invoice('I1', 'EUR', 100_000n, 80, 90)]),
    ).toEqual([]);
  });

  it('takes fees per currency from the new list and the old single fee', () => {
    const charges = computeCharges(
      'S1',
      { fees: [{ amount: '500', currency: 'JPY' }], fee: { amount: '2.500', currency: 'KWD' } },
      [invoice('J', 'JPY', 10_000n, 10), invoice('K', 'KWD', 10_000n, 10)],
    );
    expect(charges.map((c) => [c.chargeId, c.amountMinor, c.invoiceIds])).toEqual([
      ['S1.fee.JPY', 500n, ['J']],
      ['S1.fee.KWD', 2_500n, ['K']],
    ]);
  });

  it('charges nothing without charges or without a matching currency', () => {
    expect(computeCharges('S', undefined, [invoice('I', 'CNY', 1n, 1)])).toEqual([]);
    expect(
      computeCharges('S', { fee: { amount: '5', currency: 'JPY' } }, [invoice('I', 'CNY', 1n, 1)]),
    ).toEqual([]);
  });

  it('gives charges the levied event accepts (decimals of JPY and KWD)', () => {
    const charges = computeCharges(
      'S1',
      { annualInterestRate: '0.085', fees: [{ amount: '500', currency: 'JPY' }] },
      [invoice('J', 'JPY', 150_000n, 30), invoice('K', 'KWD', 1_234_567n, 45)],
    );
    for (const c of charges) {
      const parsed = DunningChargeLeviedData.safeParse({
        chargeId: c.chargeId,
        noticeId: 'S1',
        customerId: 'C',
        invoiceIds: c.invoiceIds,
        ...(c.invoiceId ? { invoiceId: c.invoiceId } : {}),
        ...(c.period ? { period: c.period } : {}),
        kind: c.kind,
        currency: c.currency,
        amount: formatMinorUnits(c.amountMinor, c.currency),
        description: c.description,
        leviedAt: '2027-01-01T00:00:00.000Z',
      });
      expect(parsed.success, c.chargeId).toBe(true);
    }
    expect(charges.map((c) => formatMinorUnits(c.amountMinor, c.currency))).toEqual([
      '500',
      '1047',
      '12.937',
    ]);
  });
});

describe('policy charges', () => {
  const step = (charges: unknown) => ({
    steps: [{ offsetDays: 7, name: 'a', level: 1, actions: ['email'], templateKey: 't', charges }],
  });
  it('accepts the old single fee and a list of fees by currency', () => {
    expect(PolicyBody.safeParse(step({ fee: { amount: '5.00', currency: 'EUR' } })).success).toBe(true);
    expect(
      PolicyBody.safeParse(
        step({
          fees: [
            { amount: '5.00', currency: 'EUR' },
            { amount: '500', currency: 'JPY' },
          ],
          annualInterestRate: '0.08',
        }),
      ).success,
    ).toBe(true);
  });
  it('rejects a currency twice and a fee with too many decimals, naming the field', () => {
    const twice = PolicyBody.safeParse(
      step({ fee: { amount: '5.00', currency: 'EUR' }, fees: [{ amount: '6.00', currency: 'EUR' }] }),
    );
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.0.charges.fees']);
    const decimals = PolicyBody.safeParse(step({ fees: [{ amount: '5.5', currency: 'JPY' }] }));
    expect(decimals.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.0.charges.fees.0.amount']);
  });
});
