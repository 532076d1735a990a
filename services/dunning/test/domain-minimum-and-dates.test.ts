import { describe, expect, it } from 'vitest';
import { premiumPolicy, standardPolicy } from '../src/domain/default-policies.ts';
import { belowMinimum, itemLevel, type OpenItem } from '../src/domain/minimum-amount.ts';
import { nextNoticeDay, noticeDeadline } from '../src/domain/notice-dates.ts';
import { type Policy, PolicyBody, type PolicyStep } from '../src/domain/policy.ts';

const DAY = 86_400_000;
const standard: Policy = { policyId: 'standard', version: 1, ...PolicyBody.parse(standardPolicy) };
const premium: Policy = { policyId: 'premium', version: 1, ...PolicyBody.parse(premiumPolicy) };
const item = (currency: string, amountMinor: bigint, balanceMinor: bigint): OpenItem => ({
  currency,
  amountMinor,
  balanceMinor,
});
const stepOf = (policy: Policy, name: string) => policy.steps.find((s) => s.name === name)!;

describe('minimum amounts (shipped: 1 % of the invoice and a floor per currency)', () => {
  it.each([
    // currency, invoice, balance (minor units), below?
    ['EUR', 100_000n, 1n, true], // a residual of 0.01
    ['EUR', 100_000n, 499n, true], // 4.99 < 5.00
    ['EUR', 100_000n, 999n, true], // 9.99 < 1 % of 1000.00
    ['EUR', 100_000n, 1_000n, false], // exactly 1 %: not below
    ['EUR', 300n, 300n, true], // a 3.00 invoice is below the 5.00 floor
    ['JPY', 100_000n, 499n, true], // 0 decimals: ¥499 < ¥500
    ['JPY', 10_000n, 500n, false], // ¥500 ≥ ¥500 and ≥ 1 % of ¥10,000
    ['KWD', 100_000n, 1_499n, true], // 3 decimals: 1.499 < 1.500
    ['KWD', 100_000n, 1_500n, false],
    ['KWD', 1_000_000n, 9_999n, true], // 9.999 < 1 % of 1000.000
    ['XAF', 100_000n, 1n, true], // no floor for the currency: the percentage still applies
    ['XAF', 100_000n, 1_000n, false],
  ] as const)('%s invoice %i, balance %i: below %s', (currency, amount, balance, below) => {
    expect(belowMinimum(item(currency, amount, balance), stepOf(standard, 'reminder').minimum)).toBe(below);
  });

  it('reads percentages with decimals exactly and no minimum as none', () => {
    expect(belowMinimum(item('EUR', 10_000n, 149n), { percentOfInvoice: '1.5' })).toBe(true);
    expect(belowMinimum(item('EUR', 10_000n, 150n), { percentOfInvoice: '1.5' })).toBe(false);
    expect(belowMinimum(item('EUR', 10_000n, 1n), undefined)).toBe(false);
  });

  it('drops an item below its step’s minimum to the next lower level, checking that level’s minimum', () => {
    const tiered: Policy = {
      ...standard,
      steps: standard.steps.map((s) => ({
        ...s,
        minimum: {
          amounts: [{ currency: 'EUR', amount: ['10.00', '50.00', '200.00', '1000.00'][s.level - 1]! }],
        },
      })),
    };
    const legal = stepOf(tiered, 'legal-letter');
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 100_000n), null)).toBe(4);
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 99_999n), null)).toBe(3);
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 6_000n), null)).toBe(2);
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 1_000n), null)).toBe(1);
    // Dropped to level 0: nothing is sent.
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 999n), null)).toBeNull();
    // Dropped below the level the invoice already got: nothing either; at that level it is sent.
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 6_000n), 3)).toBeNull();
    expect(itemLevel(tiered, legal, item('EUR', 500_000n, 6_000n), 2)).toBe(2);
  });

  it('sends a courtesy reminder only above its own minimum, and partial payments count', () => {
    const courtesy = stepOf(premium, 'courtesy-reminder');
    expect(itemLevel(premium, courtesy, item('CNY', 1_000_000n, 1_000_000n), null)).toBe(0);
    expect(itemLevel(premium, courtesy, item('CNY', 1_000_000n, 2_999n), null)).toBeNull();
    // Partly paid down to 40 of 10,000 CNY: under 1 % (100) so not dunned at any level.
    expect(
      itemLevel(premium, stepOf(premium, 'final-notice'), item('CNY', 1_000_000n, 4_000n), 2),
    ).toBeNull();
  });

  it('leaves a step with no minimum at its level', () => {
    const step: PolicyStep = { level: 2, offsetDays: 1, name: 'x', actions: ['email'], templateKey: 't' };
    expect(itemLevel(undefined, step, item('EUR', 100n, 1n), null)).toBe(2);
  });
});

describe('notice dates', () => {
  const clock = (timeZone: string, dayMs = DAY) => ({ dayMs, sendWindow: null, timeZone });
  it('dates a final notice deadlineDays later in the customer’s zone', () => {
    const at = Date.parse('2026-12-31T20:00:00Z');
    expect(noticeDeadline(at, 10, clock('UTC'))).toBe('2027-01-10');
    expect(noticeDeadline(at, 10, clock('Asia/Shanghai'))).toBe('2027-01-11'); // already Jan 1 there
    expect(noticeDeadline(at, 10, clock('America/Chicago'))).toBe('2027-01-10');
    // Month end: Jan 31 + 30 days is Mar 2 (not a Feb 31).
    expect(noticeDeadline(Date.parse('2027-01-31T12:00:00Z'), 30, clock('UTC'))).toBe('2027-03-02');
    // Compressed days: now + deadlineDays × DAY_MS, dated in the zone.
    expect(noticeDeadline(Date.parse('2026-12-05T23:59:58Z'), 10, clock('UTC', 100))).toBe('2026-12-05');
  });
  it('allows the next notice of a customer and currency from the next local day, or one DAY_MS later', () => {
    const at = Date.parse('2026-12-05T15:00:00Z'); // 23:00 in Shanghai
    expect(new Date(nextNoticeDay(at, clock('Asia/Shanghai'))).toISOString()).toBe(
      '2026-12-05T16:00:00.000Z',
    );
    expect(new Date(nextNoticeDay(at, clock('UTC'))).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(nextNoticeDay(at, clock('UTC', 100))).toBe(at + 100);
    const window = { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
    // Saturday Dec 5: the next day is Sunday, so the next send instant is Monday 08:00 local.
    expect(new Date(nextNoticeDay(at, { ...clock('UTC'), sendWindow: window })).toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
  });
});
