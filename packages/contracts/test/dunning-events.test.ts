import { describe, expect, it } from 'vitest';
import {
  DunningActionRequestedData,
  DunningCaseClosedData,
  DunningCreditHoldRequestedData,
  DunningPromiseBrokenData,
  DunningPromiseKeptData,
  DunningPromiseRecordedData,
  DunningTaskCreatedData,
} from '../src/index.ts';
import { action, caseClosed, holdRequested, promise, promiseOutcome, task } from './event-samples.ts';
import { issuePaths } from './samples.ts';

const [invoice] = action.invoices;

describe('dunning.action.requested data', () => {
  it('accepts a full action', () => {
    expect(DunningActionRequestedData.parse(action)).toEqual(action);
  });

  it('defaults charges to none and takes deadline and collector as optional', () => {
    const { charges: _charges, deadline: _deadline, collector: _collector, ...bare } = action;
    expect(DunningActionRequestedData.parse(bare)).toEqual({ ...bare, charges: [] });
  });

  it('accepts interest above one stored amount: it sums every invoice of the notice', () => {
    const charges = [{ ...action.charges[0], amount: '184467440737095516.14' }];
    expect(issuePaths(DunningActionRequestedData, { ...action, charges })).toEqual([]);
  });

  it('accepts a reminder before the due date (negative daysOverdue) and a custom step', () => {
    const early = { ...action, step: 'courtesy-call-notice', invoices: [{ ...invoice, daysOverdue: -3 }] };
    expect(issuePaths(DunningActionRequestedData, early)).toEqual([]);
  });

  it.each([
    ['no invoices', { invoices: [] }, ['invoices']],
    ['an unknown channel', { channel: 'fax' }, ['channel']],
    ['a negative level', { level: -1 }, ['level']],
    ['policy version 0', { policyVersion: 0 }, ['policyVersion']],
    ['a deadline with a time', { deadline: '2027-01-10T00:00:00Z' }, ['deadline']],
    ['a collector without name', { collector: { collectorId: 'collector.wang' } }, ['collector.name']],
    [
      'a collector phone in local format',
      { collector: { ...action.collector, phone: '13800138001' } },
      ['collector.phone'],
    ],
    [
      'a charge of unknown kind',
      { charges: [{ ...action.charges[0], kind: 'penalty' }] },
      ['charges.0.kind'],
    ],
    [
      'a charge with too many decimals',
      { charges: [{ ...action.charges[0], amount: '3.521' }] },
      ['charges.0.amount'],
    ],
    ['an invoice with a zero balance', { invoices: [{ ...invoice, balance: '0' }] }, ['invoices.0.balance']],
    [
      'an invoice balance above its amount',
      { invoices: [{ ...invoice, balance: '2000' }] },
      ['invoices.0.balance'],
    ],
    ['an invoice listed twice', { invoices: [invoice, invoice] }, ['invoices.1.invoiceId']],
    ['an unknown field', { priority: 1 }, ['']],
  ])('rejects %s', (_name, change, paths) => {
    expect(issuePaths(DunningActionRequestedData, { ...action, ...change })).toEqual(paths);
  });
});

describe('dunning.task.created and credit-hold.requested data', () => {
  it('accepts an unassigned task and a hold request', () => {
    expect(DunningTaskCreatedData.parse(task)).toEqual(task);
    expect(issuePaths(DunningTaskCreatedData, { ...task, collectorId: 'collector.wang' })).toEqual([]);
    expect(DunningCreditHoldRequestedData.parse(holdRequested)).toEqual(holdRequested);
  });

  it.each([
    ['an unknown kind', { kind: 'visit' }, ['kind']],
    ['a missing collectorId (null is required for none)', { collectorId: undefined }, ['collectorId']],
    ['a priority as a string', { priority: '1' }, ['priority']],
    ['a repeated invoice id', { invoiceIds: ['A', 'A'] }, ['invoiceIds']],
  ])('rejects a task with %s', (_name, change, paths) => {
    expect(issuePaths(DunningTaskCreatedData, { ...task, ...change })).toEqual(paths);
  });

  it('rejects a hold request without a reason', () => {
    expect(issuePaths(DunningCreditHoldRequestedData, { ...holdRequested, reason: undefined })).toEqual([
      'reason',
    ]);
  });
});

describe('dunning.promise events data', () => {
  it('accepts a promise recorded, kept and broken', () => {
    expect(DunningPromiseRecordedData.parse(promise)).toEqual(promise);
    expect(DunningPromiseKeptData.parse(promiseOutcome)).toEqual(promiseOutcome);
    expect(DunningPromiseBrokenData.parse(promiseOutcome)).toEqual(promiseOutcome);
  });

  it.each([
    ['a promised instant instead of a date', { promisedDate: '2027-01-15T00:00:00Z' }, ['promisedDate']],
    ['a zero amount', { amount: '0' }, ['amount']],
    ['a missing collector', { collectorId: undefined }, ['collectorId']],
  ])('rejects a recorded promise with %s', (_name, change, paths) => {
    expect(issuePaths(DunningPromiseRecordedData, { ...promise, ...change })).toEqual(paths);
  });

  it('rejects an outcome carrying the recording fields', () => {
    expect(issuePaths(DunningPromiseKeptData, { ...promiseOutcome, collectorId: 'collector.wang' })).toEqual([
      '',
    ]);
  });
});

describe('dunning.case.closed data', () => {
  it('accepts every closing reason', () => {
    for (const reason of ['paid', 'credited', 'cancelled', 'written-off']) {
      expect(issuePaths(DunningCaseClosedData, { ...caseClosed, reason })).toEqual([]);
    }
  });

  it('rejects an unknown reason', () => {
    expect(issuePaths(DunningCaseClosedData, { ...caseClosed, reason: 'disputed' })).toEqual(['reason']);
  });
});
