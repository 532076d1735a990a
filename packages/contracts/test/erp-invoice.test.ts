import { describe, expect, it } from 'vitest';
import { CancelInvoiceBody, InvoiceCancelledData, InvoiceIssuedData } from '../src/index.ts';
import { cancellation, invoice, issuePaths } from './samples.ts';

describe('erp.invoice.issued data', () => {
  it('accepts an invoice with a 2/10 net 30 discount', () => {
    expect(InvoiceIssuedData.parse(invoice)).toEqual(invoice);
  });

  it.each([
    ['JPY without decimals', { currency: 'JPY', amount: '120000' }],
    ['KWD with three decimals', { currency: 'KWD', amount: '1.250' }],
    ['an amount beyond 2^53', { amount: '90071992547409931.23' }],
    ['date-times with offsets', { issueDate: '2026-11-01T09:00:00+08:00', dueDate: '2026-12-01T00:00:00Z' }],
    ['a due date on the issue date', { dueDate: '2026-11-01' }],
    [
      'a plain due date on the day of a date-time issue',
      { issueDate: '2026-11-01T18:00:00+08:00', dueDate: '2026-11-01' },
    ],
    ['no discount nor reference', { discount: undefined, reference: undefined }],
    ['a fractional discount', { discount: { percent: '1.5', days: 15 } }],
  ])('accepts %s', (_name, change) => {
    expect(issuePaths(InvoiceIssuedData, { ...invoice, ...change })).toEqual([]);
  });

  it.each([
    ['an unknown field', { notes: 'x' }, ['']],
    ['a negative amount', { amount: '-10.00' }, ['amount']],
    ['a zero amount', { amount: '0.00' }, ['amount']],
    ['too many decimals for CNY', { amount: '1.001' }, ['amount']],
    ['decimals for JPY', { currency: 'JPY', amount: '100.5' }, ['amount']],
    ['exponent notation', { amount: '1e3' }, ['amount']],
    ['a number amount', { amount: 1234.5 }, ['amount']],
    ['an unknown currency', { currency: 'XYZ' }, ['currency']],
    ['a lower-case currency', { currency: 'cny' }, ['currency']],
    ['a due date before the issue date', { dueDate: '2026-10-31' }, ['dueDate']],
    [
      'a due instant before the issue instant',
      { issueDate: '2026-11-01T10:00:00Z', dueDate: '2026-11-01T09:59:59Z' },
      ['dueDate'],
    ],
    ['an impossible date', { issueDate: '2026-02-30' }, ['issueDate']],
    // Found by fuzzing: accepted, then its ledger event failed the contract (overdue in year 10000): a 500.
    ['the last day of year 9999 as due date', { dueDate: '9999-12-31' }, ['dueDate']],
    ['an instant on the last day of year 9999', { dueDate: '9999-12-31T08:00:00+08:00' }, ['dueDate']],
    ['a due date in year 0', { issueDate: '0000-01-01', dueDate: '0000-02-01' }, ['issueDate', 'dueDate']],
    ['a blank number', { number: '' }, ['number']],
    ['a discount of 0 %', { discount: { percent: '0', days: 10 } }, ['discount.percent']],
    ['a discount of 100 %', { discount: { percent: '100', days: 10 } }, ['discount.percent']],
    ['a discount without days', { discount: { percent: '2' } }, ['discount.days']],
    ['an unknown discount field', { discount: { percent: '2', days: 10, net: 30 } }, ['discount']],
    ['an invoice id with a colon', { invoiceId: 'INV:1' }, ['invoiceId']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(InvoiceIssuedData, { ...invoice, ...change })).toEqual(paths);
  });

  it.each(['invoiceId', 'customerId', 'number', 'currency', 'amount', 'issueDate', 'dueDate'])(
    'requires %s',
    (field) => {
      const partial: Record<string, unknown> = { ...invoice };
      delete partial[field];
      expect(issuePaths(InvoiceIssuedData, partial)).toContain(field);
    },
  );
});

describe('erp.invoice.cancelled data', () => {
  it('accepts a cancellation with or without reason', () => {
    expect(InvoiceCancelledData.parse(cancellation)).toEqual(cancellation);
    expect(InvoiceCancelledData.parse({ invoiceId: 'INV-1' })).toEqual({ invoiceId: 'INV-1' });
  });

  it('rejects unknown fields, blank and over-long reasons', () => {
    expect(issuePaths(InvoiceCancelledData, { ...cancellation, by: 'me' })).toEqual(['']);
    expect(issuePaths(InvoiceCancelledData, { ...cancellation, reason: ' ' })).toEqual(['reason']);
    expect(issuePaths(InvoiceCancelledData, { ...cancellation, reason: 'x'.repeat(1001) })).toEqual([
      'reason',
    ]);
    expect(issuePaths(InvoiceCancelledData, { reason: 'x' })).toEqual(['invoiceId']);
  });

  it('the HTTP body carries only the reason', () => {
    expect(CancelInvoiceBody.parse({})).toEqual({});
    expect(CancelInvoiceBody.parse({ reason: 'duplicate' })).toEqual({ reason: 'duplicate' });
    expect(issuePaths(CancelInvoiceBody, { invoiceId: 'INV-1' })).toEqual(['']);
  });
});
