import { describe, expect, it } from 'vitest';
import {
  LedgerDisputeOpenedData,
  LedgerDisputeResolvedData,
  LedgerPaymentReceivedData,
} from '../src/index.ts';
import { ledgerDisputeOpened, ledgerDisputeResolved, ledgerPayment } from './ledger-samples.ts';
import { issuePaths } from './samples.ts';

describe('ledger.dispute.opened and resolved data', () => {
  it('accepts them, with and without an amount', () => {
    expect(LedgerDisputeOpenedData.parse(ledgerDisputeOpened)).toEqual(ledgerDisputeOpened);
    expect(LedgerDisputeResolvedData.parse(ledgerDisputeResolved)).toEqual(ledgerDisputeResolved);
    expect(issuePaths(LedgerDisputeOpenedData, { ...ledgerDisputeOpened, amount: undefined })).toEqual([]);
    const rejected = { ...ledgerDisputeResolved, resolution: 'rejected', amount: undefined };
    expect(issuePaths(LedgerDisputeResolvedData, rejected)).toEqual([]);
  });

  it.each([
    ['a missing currency', { currency: undefined }, ['currency']],
    ['a zero amount', { amount: '0.00' }, ['amount']],
    ['too many decimals for JPY', { currency: 'JPY', amount: '200.5' }, ['amount']],
    ['a blank reason', { reason: '' }, ['reason']],
  ])('rejects an opened dispute with %s', (_name, change, paths) => {
    expect(issuePaths(LedgerDisputeOpenedData, { ...ledgerDisputeOpened, ...change })).toEqual(paths);
  });

  it('rejects an unknown resolution and a negative adjustment', () => {
    expect(issuePaths(LedgerDisputeResolvedData, { ...ledgerDisputeResolved, resolution: 'won' })).toEqual([
      'resolution',
    ]);
    expect(issuePaths(LedgerDisputeResolvedData, { ...ledgerDisputeResolved, amount: '-5' })).toEqual([
      'amount',
    ]);
  });
});

describe('ledger.payment.received data', () => {
  it('accepts a payment split over invoices with a rest as credit', () => {
    expect(LedgerPaymentReceivedData.parse(ledgerPayment)).toEqual(ledgerPayment);
  });

  it('accepts a payment that became credit only', () => {
    const credit = { ...ledgerPayment, applications: [], unapplied: '1500' };
    expect(issuePaths(LedgerPaymentReceivedData, credit)).toEqual([]);
  });

  it.each([
    ['parts that do not add up', { unapplied: '65.49' }, ['amount']],
    ['a negative unapplied amount', { unapplied: '-1.00' }, ['unapplied']],
    ['a plain receipt date', { receivedAt: '2026-12-05' }, ['receivedAt']],
    ['a missing applications list', { applications: undefined }, ['applications']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(LedgerPaymentReceivedData, { ...ledgerPayment, ...change })).toEqual(paths);
  });

  it.each([
    ['a zero application', { amount: '0' }, ['applications.1.amount']],
    ['an application with too many decimals', { amount: '200.001' }, ['applications.1.amount']],
    ['a malformed application amount', { amount: '2e2' }, ['applications.1.amount']],
    ['a fractional daysLate', { daysLate: 0.5 }, ['applications.1.daysLate']],
    ['an unknown application field', { note: 'x' }, ['applications.1']],
    ['an invoice applied twice', { invoiceId: 'INV-2026-0001' }, ['applications.1.invoiceId']],
  ])('rejects %s', (_name, change, paths) => {
    const [first, second] = ledgerPayment.applications;
    const applications = [first, { ...second, ...change }];
    expect(issuePaths(LedgerPaymentReceivedData, { ...ledgerPayment, applications })).toEqual(paths);
  });
});
