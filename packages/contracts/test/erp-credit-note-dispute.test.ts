import { describe, expect, it } from 'vitest';
import {
  CreditNoteIssuedData,
  DisputeOpenedData,
  DisputeResolvedData,
  OpenDisputeBody,
  ResolveDisputeBody,
} from '../src/index.ts';
import { creditNote, disputeOpened, disputeResolved, issuePaths } from './samples.ts';

describe('erp.credit-note.issued data', () => {
  it('accepts a credit note, with or without reason', () => {
    expect(CreditNoteIssuedData.parse(creditNote)).toEqual(creditNote);
    const { reason: _reason, ...withoutReason } = creditNote;
    expect(issuePaths(CreditNoteIssuedData, withoutReason)).toEqual([]);
  });

  it.each([
    ['an unknown field', { lines: [] }, ['']],
    ['a negative amount', { amount: '-34.50' }, ['amount']],
    ['too many decimals', { amount: '34.505' }, ['amount']],
    ['an unknown currency', { currency: 'RMB' }, ['currency']],
    ['a bad issue date', { issuedAt: '2026-11-31' }, ['issuedAt']],
    ['a missing invoice', { invoiceId: undefined }, ['invoiceId']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(CreditNoteIssuedData, { ...creditNote, ...change })).toEqual(paths);
  });
});

describe('erp.dispute.opened data', () => {
  it('accepts a dispute, with or without amount', () => {
    expect(DisputeOpenedData.parse(disputeOpened)).toEqual(disputeOpened);
    const { amount: _amount, ...withoutAmount } = disputeOpened;
    expect(issuePaths(DisputeOpenedData, withoutAmount)).toEqual([]);
  });

  it.each([
    ['an unknown field', { currency: 'CNY', note: 'x' }, ['']],
    ['a missing reason', { reason: undefined }, ['reason']],
    ['a blank reason', { reason: '' }, ['reason']],
    ['a zero amount', { amount: '0' }, ['amount']],
    ['a negative amount', { amount: '-5' }, ['amount']],
    ['an exponent amount', { amount: '2e2' }, ['amount']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(DisputeOpenedData, { ...disputeOpened, ...change })).toEqual(paths);
  });

  it('the HTTP body leaves the invoice id to the path', () => {
    const { invoiceId: _invoiceId, ...body } = disputeOpened;
    expect(OpenDisputeBody.parse(body)).toEqual(body);
    expect(issuePaths(OpenDisputeBody, disputeOpened)).toEqual(['']);
  });
});

describe('erp.dispute.resolved data', () => {
  it.each(['upheld', 'rejected', 'adjusted'])('accepts resolution %s', (resolution) => {
    expect(issuePaths(DisputeResolvedData, { disputeId: 'D-7', resolution })).toEqual([]);
  });

  it('accepts an amount', () => {
    expect(DisputeResolvedData.parse(disputeResolved)).toEqual(disputeResolved);
  });

  it.each([
    ['an unknown resolution', { resolution: 'withdrawn' }, ['resolution']],
    ['an unknown field', { by: 'me' }, ['']],
    ['a negative amount', { amount: '-1' }, ['amount']],
    ['a missing dispute id', { disputeId: undefined }, ['disputeId']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(DisputeResolvedData, { ...disputeResolved, ...change })).toEqual(paths);
  });

  it('the HTTP body leaves the dispute id to the path', () => {
    expect(ResolveDisputeBody.parse({ resolution: 'rejected' })).toEqual({ resolution: 'rejected' });
    expect(issuePaths(ResolveDisputeBody, disputeResolved)).toEqual(['']);
  });
});
