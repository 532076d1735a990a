import { describe, expect, it } from 'vitest';
import { PaymentReceivedData } from '../src/index.ts';
import { issuePaths, payment } from './samples.ts';

describe('erp.payment.received data', () => {
  it('accepts a payment applied to an invoice', () => {
    expect(PaymentReceivedData.parse(payment)).toEqual(payment);
  });

  it('accepts an unapplied payment for a customer', () => {
    const { invoiceId: _invoiceId, ...rest } = payment;
    expect(issuePaths(PaymentReceivedData, { ...rest, customerId: 'C-1001' })).toEqual([]);
  });

  it('rejects both invoiceId and customerId', () => {
    expect(issuePaths(PaymentReceivedData, { ...payment, customerId: 'C-1001' })).toEqual(['customerId']);
  });

  it('rejects neither invoiceId nor customerId', () => {
    const { invoiceId: _invoiceId, ...rest } = payment;
    expect(issuePaths(PaymentReceivedData, rest)).toEqual(['invoiceId']);
  });

  it.each([
    ['an unknown field', { method: 'wire' }, ['']],
    ['a negative amount', { amount: '-1.00' }, ['amount']],
    ['a zero amount', { amount: '0' }, ['amount']],
    ['too many decimals', { amount: '10.005' }, ['amount']],
    ['too many decimals for KWD', { currency: 'KWD', amount: '10.0005' }, ['amount']],
    ['an unknown currency', { currency: 'XYZ' }, ['currency']],
    ['a local date-time without offset', { receivedAt: '2026-11-20T10:15:00' }, ['receivedAt']],
    ['a bad payment id', { paymentId: 'pay/9' }, ['paymentId']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(PaymentReceivedData, { ...payment, ...change })).toEqual(paths);
  });

  it('accepts a plain receipt date', () => {
    expect(issuePaths(PaymentReceivedData, { ...payment, receivedAt: '2026-11-20' })).toEqual([]);
  });
});
