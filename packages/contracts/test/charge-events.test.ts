import { describe, expect, it } from 'vitest';
import {
  chargeIdOf,
  createEvent,
  DUNNING_CHARGE_LEVIED,
  DunningEvent,
  LEDGER_CHARGE_BOOKED,
  LEDGER_CHARGE_WAIVED,
  LedgerEvent,
} from '../src/index.ts';

const interest = {
  chargeId: chargeIdOf('S-1', 'interest', 'INV-1'),
  noticeId: 'S-1',
  customerId: 'C-1',
  invoiceId: 'INV-1',
  invoiceIds: ['INV-1'],
  kind: 'interest' as const,
  currency: 'KWD',
  amount: '1.234',
  annualRate: '0.08',
  principal: '1000.000',
  period: { fromDay: 30, toDay: 60 },
  description: 'Late-payment interest at 0.08 a year',
  leviedAt: '2027-01-14T12:00:00.000Z',
};
const source = '/services/dunning';

describe('charge events', () => {
  it('derives the charge id from the notice, kind and invoice or currency', () => {
    expect(chargeIdOf('S-1', 'fee', 'EUR')).toBe('S-1.fee.EUR');
    expect(interest.chargeId).toBe('S-1.interest.INV-1');
  });

  it('parses dunning.charge.levied off the wire through the dunning union', () => {
    const event = createEvent({ type: DUNNING_CHARGE_LEVIED, source, data: interest });
    expect(DunningEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('requires an invoice and a period for interest, and the currency decimals', () => {
    const { period: _, ...noPeriod } = interest;
    expect(() => createEvent({ type: DUNNING_CHARGE_LEVIED, source, data: noPeriod })).toThrow(/period/);
    expect(() =>
      createEvent({ type: DUNNING_CHARGE_LEVIED, source, data: { ...interest, amount: '1.2345' } }),
    ).toThrow(/amount/);
    expect(() =>
      createEvent({
        type: DUNNING_CHARGE_LEVIED,
        source,
        data: { ...interest, period: { fromDay: 30, toDay: 30 } },
      }),
    ).toThrow(/toDay/);
    const fee = {
      ...interest,
      kind: 'fee' as const,
      chargeId: 'S-1.fee.JPY',
      currency: 'JPY',
      amount: '500',
    };
    const { invoiceId: _i, period: _p, principal: _pr, annualRate: _r, ...feeOnly } = fee;
    expect(createEvent({ type: DUNNING_CHARGE_LEVIED, source, data: feeOnly }).data.amount).toBe('500');
  });

  it('parses ledger.charge.booked and ledger.charge.waived through the ledger union', () => {
    const facts = {
      chargeId: interest.chargeId,
      customerId: 'C-1',
      invoiceId: 'INV-1',
      invoiceIds: ['INV-1'],
      kind: 'interest' as const,
      currency: 'KWD',
      amount: '1.234',
    };
    for (const event of [
      createEvent({
        type: LEDGER_CHARGE_BOOKED,
        source: '/services/invoices',
        data: { ...facts, leviedAt: interest.leviedAt, bookedAt: interest.leviedAt },
      }),
      createEvent({
        type: LEDGER_CHARGE_WAIVED,
        source: '/services/invoices',
        data: { ...facts, reason: 'goodwill', waivedAt: interest.leviedAt },
      }),
    ]) {
      expect(LedgerEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });
});
