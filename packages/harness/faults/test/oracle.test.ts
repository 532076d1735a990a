import { createEvent, type ErpEvent } from '@dunning/contracts';
import { Receipts } from '@dunning/receivers';
import { describe, expect, it } from 'vitest';
import { erpScript, expectedLedger, judge, type Observations } from '../src/index.ts';
import type { TopicRecord } from '../src/observe/read-topic.ts';

const erp = (id: string, type: string, data: Record<string, unknown>) =>
  createEvent({ type, source: '/erp/test', id, data } as never) as ErpEvent;
const invoice = (id: string, amount: string, currency = 'CNY') =>
  erp(`e-${id}`, 'erp.invoice.issued', {
    invoiceId: id,
    customerId: 'c1',
    number: id,
    currency,
    amount,
    issueDate: '2026-11-01',
    dueDate: '2026-11-01',
  });
const payment = (id: string, invoiceId: string, amount: string, currency = 'CNY') =>
  erp(id, 'erp.payment.received', { paymentId: id, invoiceId, amount, currency, receivedAt: '2026-11-02' });

let offset = 0;
const record = (
  partition: number,
  type: string,
  data: Record<string, unknown>,
  id = `d${offset}`,
): TopicRecord => ({
  partition,
  offset: offset++,
  event: { id, type, time: '2026-11-28T12:00:00Z', data },
});
const action = (actionId: string, invoiceId: string, channel = 'email', step = 'reminder') =>
  record(0, 'dunning.action.requested', { actionId, channel, step, invoices: [{ invoiceId }] });
const delivered = (actionId: string, notificationId: string, channel = 'email') =>
  record(0, 'notification.delivered', { actionId, channel, notificationId });

function receipts(...ids: string[]): Receipts {
  const received = new Receipts();
  for (const id of ids) received.add(id);
  return received;
}

function observations(overrides: Partial<Observations>): Observations {
  return {
    erpSent: [],
    ledgerBalances: new Map(),
    caseBalances: new Map(),
    steps: [],
    dunningEvents: [],
    notificationEvents: [],
    email: new Receipts(),
    sms: new Receipts(),
    judgedAt: new Date('2026-11-28T12:00:00Z'),
    graceMs: 5_000,
    ...overrides,
  };
}

describe('expected ledger', () => {
  it('counts a redelivered payment once, across currencies with 0, 2 and 3 decimals', () => {
    const sent = [
      invoice('a', '100.00'),
      invoice('b', '5000', 'JPY'),
      invoice('c', '1.500', 'KWD'),
      payment('p1', 'a', '40.10'),
      payment('p1', 'a', '40.10'),
      payment('p2', 'b', '5000', 'JPY'),
      payment('p3', 'c', '0.001', 'KWD'),
    ];
    const ledger = expectedLedger(sent);
    expect(ledger.get('a')!.balance).toBe(5990n);
    expect(ledger.get('b')).toMatchObject({ balance: 0n, settledByEventId: 'p2' });
    expect(ledger.get('c')!.balance).toBe(1499n);
  });

  it('takes off what an upheld dispute adjusts, never more than is open, and nothing for a rejected one', () => {
    const opened = (id: string, invoiceId: string, amount?: string) =>
      erp(`open-${id}`, 'erp.dispute.opened', { disputeId: id, invoiceId, reason: 'damaged', amount });
    const resolved = (id: string, resolution: string, amount?: string) =>
      erp(`resolve-${id}`, 'erp.dispute.resolved', { disputeId: id, resolution, amount });
    const sent = [
      invoice('a', '100.00'),
      invoice('b', '100.00'),
      invoice('c', '9000', 'JPY'),
      invoice('d', '2.000', 'KWD'),
      invoice('e', '100.00'),
      opened('d-a', 'a', '30.00'),
      resolved('d-a', 'upheld'),
      resolved('d-a', 'upheld'),
      opened('d-b', 'b'),
      resolved('d-b', 'rejected'),
      payment('p-c', 'c', '1000', 'JPY'),
      opened('d-c', 'c'),
      resolved('d-c', 'upheld'),
      opened('d-d', 'd', '0.500'),
      resolved('d-d', 'adjusted', '0.250'),
      payment('p-e', 'e', '90.00'),
      opened('d-e', 'e', '50.00'),
      resolved('d-e', 'upheld'),
    ];
    const ledger = expectedLedger(sent);
    expect(ledger.get('a')!.balance).toBe(7_000n);
    expect(ledger.get('b')!.balance).toBe(10_000n);
    expect(ledger.get('c')).toMatchObject({ balance: 0n, settledByEventId: 'resolve-d-c' });
    expect(ledger.get('d')!.balance).toBe(1_750n);
    expect(ledger.get('e')).toMatchObject({ balance: 0n, settledByEventId: 'resolve-d-e' });
  });

  it('refuses a stream that resolves a dispute it never opened', () => {
    const resolution = erp('r', 'erp.dispute.resolved', { disputeId: 'nope', resolution: 'upheld' });
    expect(() => expectedLedger([invoice('a', '1.00'), resolution])).toThrow(/resolves nope before opening/);
  });

  it('refuses a stream that pays an invoice it never issued', () => {
    expect(() => expectedLedger([payment('p', 'nope', '1.00')])).toThrow(/unknown invoice nope/);
  });
});

describe('judge', () => {
  const sent = [invoice('a', '100.00'), invoice('b', '10.00'), payment('p', 'b', '10.00')];
  const clean = () =>
    observations({
      erpSent: sent,
      ledgerBalances: new Map([
        ['a', 10_000n],
        ['b', 0n],
      ]),
      caseBalances: new Map([
        ['a', 10_000n],
        ['b', 0n],
      ]),
      steps: [
        {
          stepId: 'act-1',
          invoiceId: 'a',
          noticeStepId: 'act-1',
          statusReason: null,
          name: 'reminder',
          level: 1,
          status: 'done',
          runAt: new Date('2026-11-28T11:00:00Z'),
          channels: ['email'],
        },
      ],
      dunningEvents: [action('act-1.email', 'a'), record(1, 'dunning.case.closed', { invoiceId: 'b' })],
      notificationEvents: [delivered('act-1.email', 'ntf-1')],
      email: receipts('<ntf-1@notifications.dunning.invalid>'),
    });

  it('finds nothing when everything happened exactly once', () => {
    const verdict = judge(clean());
    expect(verdict.findings).toEqual([]);
    expect(verdict.figures).toMatchObject({ invoices: 2, invoicesSettled: 1, stepsRun: 1, notices: 1 });
  });

  it('finds a lost payment and a doubled one from the balances', () => {
    const o = clean();
    o.ledgerBalances.set('b', 1_000n);
    expect(judge(o).findings).toEqual([
      expect.objectContaining({ kind: 'lost', what: expect.stringContaining('b: balance 1000') }),
    ]);
    o.ledgerBalances.set('b', -1_000n);
    expect(judge(o).findings).toEqual([expect.objectContaining({ kind: 'duplicated' })]);
  });

  it('finds a balance change dunning missed, one it applied twice, and an invoice without a case', () => {
    const o = clean();
    o.caseBalances.set('b', 1_000n);
    expect(judge(o).findings).toEqual([{ kind: 'lost', what: 'b: dunning holds balance 1000, expected 0' }]);
    o.caseBalances.set('b', -1n);
    expect(judge(o).findings.map((f) => f.kind)).toEqual(['duplicated']);
    o.caseBalances.delete('b');
    expect(judge(o).findings).toEqual([{ kind: 'lost', what: 'invoice b has no dunning case' }]);
  });

  it('finds a step that ran twice, and an action published twice', () => {
    const o = clean();
    o.dunningEvents.push(action('act-2.email', 'a'));
    o.notificationEvents.push(delivered('act-2.email', 'ntf-2'));
    o.email.add('<ntf-2@notifications.dunning.invalid>');
    expect(judge(o).findings.map((f) => f.what)).toEqual([
      'a/act-2/email notified by act-2.email with no step run in it',
    ]);
    // The same action redelivered under its own event id is not a second effect.
    const again = clean();
    again.dunningEvents.push({ ...again.dunningEvents[0]!, offset: 99 });
    expect(judge(again).findings).toEqual([]);
    again.dunningEvents.push(action('act-1.email', 'a'));
    expect(judge(again).findings.map((f) => f.what)).toEqual([
      'action act-1.email/email published as 2 events',
    ]);
  });

  it('finds a step left scheduled past its time, and a notice asked for after the case closed', () => {
    const o = clean();
    o.steps.push({
      stepId: 'step-2',
      invoiceId: 'a',
      noticeStepId: null,
      statusReason: null,
      name: 'overdue-notice',
      level: 2,
      status: 'scheduled',
      runAt: new Date('2026-11-28T11:59:00Z'),
      channels: ['email'],
    });
    expect(judge(o).findings.map((f) => f.kind)).toEqual(['lost', 'lost']);
    const late = clean();
    late.dunningEvents.push(
      record(1, 'dunning.action.requested', {
        actionId: 'act-9',
        channel: 'sms',
        step: 'reminder',
        invoices: [{ invoiceId: 'b' }],
      }),
    );
    expect(judge(late).findings.map((f) => f.what)).toContain(
      'reminder sms for b requested after its case closed',
    );
  });

  it('finds a notice never delivered, delivered twice, or never received; counts resends under one Message-ID', () => {
    const lost = clean();
    lost.notificationEvents = [];
    expect(judge(lost).findings.map((f) => f.what)).toEqual(['notice act-1.email/email never delivered']);
    const twice = clean();
    twice.notificationEvents.push(delivered('act-1.email', 'ntf-1b'));
    expect(judge(twice).findings.map((f) => f.what)).toEqual([
      'notice act-1.email/email delivered as 2 notifications',
    ]);
    const unseen = clean();
    unseen.email = new Receipts();
    expect(judge(unseen).findings.map((f) => f.what)).toEqual([
      'notice act-1.email/email recorded as delivered but never received',
    ]);
    const resent = clean();
    resent.email.add('<ntf-1@notifications.dunning.invalid>');
    expect(judge(resent)).toMatchObject({ findings: [], resentSameId: 1 });
  });

  it('accepts a notice dropped because its invoices were paid before its turn came', () => {
    const dropped = clean();
    dropped.notificationEvents = [
      record(0, 'notification.dropped', {
        actionId: 'act-1.email',
        channel: 'email',
        notificationId: 'ntf-1',
      }),
    ];
    dropped.email = new Receipts();
    expect(judge(dropped).findings).toEqual([]);
  });

  it('finds an open invoice whose ladder stopped, and a settled one whose case stayed open', () => {
    const o = clean();
    o.steps[0]!.status = 'skipped';
    o.dunningEvents = [];
    o.notificationEvents = [];
    o.email = new Receipts();
    expect(judge(o).findings.map((f) => f.what)).toEqual([
      'open invoice a: ladder did not finish (last step reminder skipped)',
      'settled invoice b: its case was never closed',
    ]);
    // Skipped because what is left is below the policy's minimum: the ladder ended by rule.
    o.steps[0]!.statusReason = 'below the minimum amount';
    expect(judge(o).findings.map((f) => f.what)).toEqual(['settled invoice b: its case was never closed']);
  });

  it("accepts an invoice notified once, in a notice led by another invoice's higher-level step", () => {
    const o = clean();
    // Invoice c's reminder ran in the notice led by a's step act-1 (one notice per customer, currency, day).
    o.steps.push({
      stepId: 'c-reminder',
      invoiceId: 'c',
      noticeStepId: 'act-1',
      statusReason: null,
      name: 'reminder',
      level: 1,
      status: 'done',
      runAt: new Date('2026-11-28T11:00:00Z'),
      channels: ['sms', 'email'],
    });
    o.dunningEvents[0] = record(0, 'dunning.action.requested', {
      actionId: 'act-1.email',
      channel: 'email',
      step: 'reminder',
      invoices: [{ invoiceId: 'a' }, { invoiceId: 'c' }],
    });
    const findings = judge(o).findings.map((f) => f.what);
    expect(findings.filter((what) => what.includes(' c') || what.includes('c/'))).toEqual([]);
    // Listed again by a later notice whose lead is not the step it ran in: notified twice.
    o.dunningEvents.push(action('act-3.email', 'c'));
    expect(judge(o).findings.map((f) => f.what)).toContain(
      'c/act-3/email notified by act-3.email with no step run in it',
    );
  });
});

describe('the ERP script', () => {
  it('is the same for one seed, keeps each invoice after its customer, and pays no more than is owed', () => {
    const options = {
      seed: 7,
      startAt: new Date('2026-11-28T12:00:00Z'),
      customers: 5,
      invoices: 200,
      spanMs: 10_000,
      tailMs: 2_000,
      duplicateShare: 0.1,
    };
    const script = erpScript(options);
    expect(erpScript(options)).toEqual(script);
    const ledger = expectedLedger(script.map((s) => s.event));
    expect(ledger.size).toBe(200);
    expect([...ledger.values()].every((invoice) => invoice.balance >= 0n)).toBe(true);
    expect([...ledger.values()].some((invoice) => invoice.balance === 0n)).toBe(true);
    expect(script.map((s) => s.atMs)).toEqual([...script.map((s) => s.atMs)].sort((a, b) => a - b));
    expect(script.length).toBeGreaterThan(new Set(script.map((s) => s.event.id)).size);
  });
});
