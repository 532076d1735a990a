import { describe, expect, it } from 'vitest';
import {
  LedgerInvoiceBalanceChangedData,
  LedgerInvoiceCancelledData,
  LedgerInvoiceOverdueData,
  LedgerInvoiceSettledData,
  LedgerInvoiceWrittenOffData,
} from '../src/index.ts';
import { balanceChanged, invoiceCancelled, overdue, settled, writtenOff } from './ledger-samples.ts';
import { issuePaths } from './samples.ts';

describe('ledger.invoice.overdue data', () => {
  it('accepts an overdue invoice, with a plain or an instant due date', () => {
    expect(LedgerInvoiceOverdueData.parse(overdue)).toEqual(overdue);
    const dueInstant = { dueDate: '2026-12-01T00:00:00+08:00', overdueAt: '2026-12-01T15:59:59Z' };
    expect(issuePaths(LedgerInvoiceOverdueData, { ...overdue, ...dueInstant })).toEqual([]);
  });

  it('accepts an overdueAt before the calendar due date (compressed days)', () => {
    expect(issuePaths(LedgerInvoiceOverdueData, { ...overdue, overdueAt: '2026-11-02T08:00:03Z' })).toEqual(
      [],
    );
  });

  it.each([
    ['a zero balance', { balance: '0.00' }, ['balance']],
    ['too many decimals', { balance: '1.001' }, ['balance']],
    ['overdueAt as a plain date', { overdueAt: '2026-12-01' }, ['overdueAt']],
    ['a missing customerId', { customerId: undefined }, ['customerId']],
    ['an unknown field', { amount: '1234.50' }, ['']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(LedgerInvoiceOverdueData, { ...overdue, ...change })).toEqual(paths);
  });
});

describe('ledger.invoice.balance-changed data', () => {
  it('accepts a payment, and a balance going up again', () => {
    expect(LedgerInvoiceBalanceChangedData.parse(balanceChanged)).toEqual(balanceChanged);
    const reversal = { previousBalance: '0', balance: '100', cause: 'adjustment' };
    expect(issuePaths(LedgerInvoiceBalanceChangedData, { ...balanceChanged, ...reversal })).toEqual([]);
  });

  it.each([
    ['a balance above the amount', { balance: '1234.51' }, ['balance']],
    ['a negative previous balance', { previousBalance: '-1' }, ['previousBalance']],
    ['an unknown cause', { cause: 'refund' }, ['cause']],
    ['a missing sourceId', { sourceId: undefined }, ['sourceId']],
    ['an occurredAt without offset', { occurredAt: '2026-11-20T10:15:00' }, ['occurredAt']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(LedgerInvoiceBalanceChangedData, { ...balanceChanged, ...change })).toEqual(paths);
  });
});

describe('ledger.invoice.settled data', () => {
  it('accepts an early settlement (negative daysLate)', () => {
    expect(LedgerInvoiceSettledData.parse(settled)).toEqual(settled);
  });

  it.each([
    ['a fractional daysLate', { daysLate: 1.5 }, ['daysLate']],
    ['an unknown way of settling', { how: 'cash' }, ['how']],
    ['a zero amount', { amount: '0' }, ['amount']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(LedgerInvoiceSettledData, { ...settled, ...change })).toEqual(paths);
  });
});

describe('ledger.invoice.cancelled and written-off data', () => {
  it('accepts them with and without a reason', () => {
    expect(LedgerInvoiceCancelledData.parse(invoiceCancelled)).toEqual(invoiceCancelled);
    expect(issuePaths(LedgerInvoiceCancelledData, { ...invoiceCancelled, reason: undefined })).toEqual([]);
    expect(LedgerInvoiceWrittenOffData.parse(writtenOff)).toEqual(writtenOff);
    expect(issuePaths(LedgerInvoiceWrittenOffData, { ...writtenOff, reason: 'insolvent' })).toEqual([]);
  });

  it('rejects a blank reason, a missing instant and a negative write-off', () => {
    expect(issuePaths(LedgerInvoiceCancelledData, { ...invoiceCancelled, reason: ' ' })).toEqual(['reason']);
    expect(issuePaths(LedgerInvoiceCancelledData, { ...invoiceCancelled, cancelledAt: undefined })).toEqual([
      'cancelledAt',
    ]);
    expect(issuePaths(LedgerInvoiceWrittenOffData, { ...writtenOff, amount: '-234.50' })).toEqual(['amount']);
    expect(issuePaths(LedgerInvoiceWrittenOffData, { ...writtenOff, currency: 'cny' })).toEqual(['currency']);
  });
});
