import {
  createEvent,
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  type LedgerEvent,
} from '@dunning/contracts';
import { describe, expect, it } from 'vitest';
import { balanceFact, dropReason, type InvoiceBalanceFact } from '../src/domain/invoice-balance.ts';
import { sampleCustomer } from './fixtures.ts';

const time = '2026-12-01T08:00:00.000Z';
const ids = { invoiceId: 'inv-1', customerId: 'cust-1' };

function ledger(type: LedgerEvent['type'], data: Record<string, unknown>): LedgerEvent {
  return createEvent({ type, source: '/test', time, data: data as never }) as LedgerEvent;
}

const issued = (currency: string, amount: string, balance: string) =>
  ledger(LEDGER_INVOICE_ISSUED, {
    ...ids,
    number: 'N-1',
    currency,
    amount,
    balance,
    issueDate: '2026-10-01',
    dueDate: '2026-10-31',
    overdueAt: '2026-10-31T16:00:00Z',
  });
const changed = (currency: string, amount: string, previousBalance: string, balance: string) =>
  ledger(LEDGER_INVOICE_BALANCE_CHANGED, {
    ...ids,
    currency,
    amount,
    previousBalance,
    balance,
    cause: 'payment',
    sourceId: 'pay-1',
    occurredAt: '2026-11-30T00:00:00Z',
  });

describe('balanceFact', () => {
  it('reads the balance in minor units of 0-, 2- and 3-decimal currencies', () => {
    expect(balanceFact(issued('JPY', '1500', '1500'))).toMatchObject({ balanceMinor: 1500n, status: 'open' });
    expect(balanceFact(issued('CNY', '10.50', '0.01'))).toMatchObject({ balanceMinor: 1n, status: 'open' });
    expect(balanceFact(issued('KWD', '1.005', '0.001'))).toMatchObject({ balanceMinor: 1n, status: 'open' });
  });

  it('takes the ledger recording time as the fact time', () => {
    expect(balanceFact(issued('CNY', '10', '10'))?.factAt).toEqual(new Date(time));
  });

  it('a part payment leaves it open, a balance of zero is settled, a reversal reopens', () => {
    expect(balanceFact(changed('CNY', '100', '100', '40'))).toMatchObject({
      balanceMinor: 4000n,
      status: 'open',
    });
    expect(balanceFact(changed('KWD', '1.000', '0.500', '0'))).toMatchObject({
      balanceMinor: 0n,
      status: 'settled',
    });
    expect(balanceFact(changed('JPY', '100', '0', '100'))).toMatchObject({
      balanceMinor: 100n,
      status: 'open',
    });
    // An invoice issued already paid (a payment that reached the ledger first).
    expect(balanceFact(issued('CNY', '10', '0'))).toMatchObject({ status: 'settled' });
  });

  it('settled, cancelled and written off close the invoice', () => {
    const settled = ledger(LEDGER_INVOICE_SETTLED, {
      ...ids,
      currency: 'CNY',
      amount: '10',
      settledAt: time,
      how: 'paid',
      daysLate: 3,
    });
    const cancelled = ledger(LEDGER_INVOICE_CANCELLED, { ...ids, cancelledAt: time });
    const writtenOff = ledger(LEDGER_INVOICE_WRITTEN_OFF, {
      ...ids,
      currency: 'CNY',
      amount: '10',
      writtenOffAt: time,
    });
    expect(balanceFact(settled)).toMatchObject({ ...ids, balanceMinor: 0n, status: 'settled' });
    expect(balanceFact(cancelled)).toMatchObject({ balanceMinor: 0n, status: 'cancelled' });
    expect(balanceFact(writtenOff)).toMatchObject({ balanceMinor: 0n, status: 'written-off' });
  });

  it('states nothing for events without a balance fact', () => {
    expect(balanceFact(ledger(LEDGER_CUSTOMER_UPSERTED, sampleCustomer()))).toBeUndefined();
  });
});

describe('dropReason', () => {
  const fact = (status: InvoiceBalanceFact['status'], balanceMinor = 0n) => ({ status, balanceMinor });

  it('drops a notice only when every invoice is known to be closed', () => {
    expect(dropReason(['a'], new Map([['a', fact('settled')]]))).toBe('settled');
    expect(
      dropReason(
        ['a', 'b', 'c'],
        new Map([
          ['a', fact('settled')],
          ['b', fact('cancelled')],
          ['c', fact('written-off')],
        ]),
      ),
    ).toBe('settled');
  });

  it('sends a notice with any invoice still open, even in part', () => {
    expect(
      dropReason(
        ['a', 'b'],
        new Map([
          ['a', fact('settled')],
          ['b', fact('open', 1n)],
        ]),
      ),
    ).toBeUndefined();
  });

  it('sends a notice about invoices the ledger has not told us about (unknown is not paid)', () => {
    expect(dropReason(['a', 'b'], new Map([['a', fact('settled')]]))).toBeUndefined();
    expect(dropReason(['a'], new Map())).toBeUndefined();
    expect(dropReason([], new Map())).toBeUndefined();
  });
});
