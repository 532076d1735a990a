import { describe, expect, it } from 'vitest';
import {
  dunningEventChanges,
  invoiceIdOf,
  ledgerEventChanges,
  type ProfileInvoice,
} from '../src/domain/profile-rules.ts';
import { type HistoryEvent, HistoryReplay } from '../src/domain/replay-history.ts';
import { applyLedgerEvent, snapshotOf } from '../src/domain/risk-profile.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const day = (n: number) => new Date(T0 + n * DAY);
const at = (n: number) => day(n).toISOString();

type LedgerInput = Parameters<typeof ledgerEventChanges>[0];

const ledger = (type: string, time: number, data: Record<string, unknown>) =>
  ({ type, time: at(time), data: { customerId: 'c', ...data } }) as unknown as LedgerInput & HistoryEvent;

const issued = (invoiceId: string, time: number, amount = '100.00', extra: Record<string, unknown> = {}) =>
  ledger('ledger.invoice.issued', time, {
    invoiceId,
    number: invoiceId,
    currency: 'CNY',
    amount,
    balance: amount,
    issueDate: at(time).slice(0, 10),
    dueDate: at(time + 30).slice(0, 10),
    overdueAt: at(time + 30),
    ...extra,
  });

const balanceChanged = (
  invoiceId: string,
  time: number,
  previousBalance: string,
  balance: string,
  cause = 'payment',
  extra: Record<string, unknown> = {},
) =>
  ledger('ledger.invoice.balance-changed', time, {
    invoiceId,
    currency: 'CNY',
    amount: '100.00',
    previousBalance,
    balance,
    cause,
    sourceId: `src-${invoiceId}-${time}`,
    occurredAt: at(time),
    ...extra,
  });

const settled = (invoiceId: string, time: number, daysLate: number) =>
  ledger('ledger.invoice.settled', time, {
    invoiceId,
    currency: 'CNY',
    amount: '100.00',
    settledAt: at(time),
    how: 'paid',
    daysLate,
  });

const writtenOff = (invoiceId: string, time: number) =>
  ledger('ledger.invoice.written-off', time, {
    invoiceId,
    currency: 'CNY',
    amount: '100.00',
    writtenOffAt: at(time),
  });

const cancelled = (invoiceId: string, time: number) =>
  ledger('ledger.invoice.cancelled', time, { invoiceId, cancelledAt: at(time) });

const overdue = (invoiceId: string, time: number, overdueAt: number) =>
  ledger('ledger.invoice.overdue', time, {
    invoiceId,
    currency: 'CNY',
    balance: '100.00',
    dueDate: at(overdueAt).slice(0, 10),
    overdueAt: at(overdueAt),
  });

const paymentReceived = (paymentId: string, time: number, applications: [string, number][]) =>
  ledger('ledger.payment.received', time, {
    paymentId,
    currency: 'CNY',
    amount: `${applications.length * 10}.00`,
    receivedAt: at(time),
    applications: applications.map(([invoiceId, daysLate]) => ({ invoiceId, amount: '10.00', daysLate })),
    unapplied: '0.00',
  });

const promise = (type: string, promiseId: string, time: number) =>
  ({
    type,
    time: at(time),
    data: {
      promiseId,
      customerId: 'c',
      invoiceIds: ['i-1'],
      promisedDate: at(time + 7).slice(0, 10),
      amount: '50.00',
      currency: 'CNY',
      ...(type === 'dunning.promise.recorded'
        ? { collectorId: 'col', recordedAt: at(time) }
        : { at: at(time) }),
    },
  }) as unknown as HistoryEvent & Parameters<typeof dunningEventChanges>[0];

const disputeOpened = (
  disputeId: string,
  invoiceId: string,
  time: number,
  amount?: string,
  currency = 'CNY',
) =>
  ledger('ledger.dispute.opened', time, {
    disputeId,
    invoiceId,
    reason: 'goods damaged',
    currency,
    ...(amount === undefined ? {} : { amount }),
    openedAt: at(time),
  });

const disputeResolved = (disputeId: string, invoiceId: string, time: number) =>
  ledger('ledger.dispute.resolved', time, {
    disputeId,
    invoiceId,
    resolution: 'rejected',
    currency: 'CNY',
    resolvedAt: at(time),
  });

const holdRequested = (time: number, invoiceIds: string[]) =>
  ({
    type: 'dunning.credit-hold.requested',
    time: at(time),
    data: {
      customerId: 'c',
      invoiceIds,
      step: 'legal-letter',
      reason: 'legal letter sent',
      requestedAt: at(time),
    },
  }) as unknown as HistoryEvent & Parameters<typeof dunningEventChanges>[0];

const invoiceOnFile = (overrides: Partial<ProfileInvoice> = {}): ProfileInvoice => ({
  invoiceId: 'i-1',
  customerId: 'c',
  currency: 'CNY',
  amountMinor: 10_000n,
  balanceMinor: 10_000n,
  overdueAt: day(30),
  issuedAt: day(0),
  status: 'open',
  ...overrides,
});

/** The snapshot a replay of `events`, in this order, gives for customer `c`. */
function replayed(...events: HistoryEvent[]) {
  const replay = new HistoryReplay(DAY);
  for (const event of events) replay.apply(event);
  return replay.snapshot('c');
}

describe('ledgerEventChanges: the rules, given the invoice on file', () => {
  it('an issued invoice with a balance is open; issued already paid, it is settled', () => {
    const [seen, open] = ledgerEventChanges(issued('i-1', 0), undefined, DAY);
    expect(seen).toEqual({ kind: 'customer-seen', customerId: 'c', at: day(0), industry: null });
    expect(open).toEqual({ kind: 'invoice-issued', invoice: invoiceOnFile() });
    const paid = ledgerEventChanges(issued('i-2', 0, '100.00', { balance: '0.00' }), undefined, DAY);
    expect(paid[1]).toMatchObject({
      kind: 'invoice-issued',
      invoice: { balanceMinor: 0n, status: 'settled' },
    });
  });

  it('an invoice issued again is not recorded again (the first issue wins)', () => {
    expect(ledgerEventChanges(issued('i-1', 5, '999.00'), invoiceOnFile(), DAY)).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(5), industry: null },
    ]);
  });

  it('a partial payment lowers the balance, keeps the invoice open and records its share', () => {
    const changes = ledgerEventChanges(balanceChanged('i-1', 10, '100.00', '75.00'), invoiceOnFile(), DAY);
    expect(changes.slice(1)).toEqual([
      { kind: 'invoice-updated', invoiceId: 'i-1', balanceMinor: 7_500n, overdueAt: day(30), status: 'open' },
      {
        kind: 'part-paid',
        sourceId: 'src-i-1-10',
        invoiceId: 'i-1',
        customerId: 'c',
        at: day(10),
        share: 0.25,
      },
    ]);
  });

  it('a payment of the whole balance settles the invoice and is no part payment', () => {
    const changes = ledgerEventChanges(balanceChanged('i-1', 10, '100.00', '0.00'), invoiceOnFile(), DAY);
    expect(changes.slice(1)).toEqual([
      { kind: 'invoice-updated', invoiceId: 'i-1', balanceMinor: 0n, overdueAt: day(30), status: 'settled' },
    ]);
  });

  it('a share is of the amount on file, and never above 1', () => {
    const small = invoiceOnFile({ amountMinor: 2_000n });
    const changes = ledgerEventChanges(balanceChanged('i-1', 10, '100.00', '50.00'), small, DAY);
    expect(changes.find((c) => c.kind === 'part-paid')).toMatchObject({ share: 1 });
    const onFile = invoiceOnFile({ amountMinor: 40_000n });
    const quarter = ledgerEventChanges(balanceChanged('i-1', 10, '100.00', '50.00'), onFile, DAY);
    expect(quarter.find((c) => c.kind === 'part-paid')).toMatchObject({ share: 0.125 });
  });

  it('a payment on an unknown invoice counts its share of the amount the event carries', () => {
    const changes = ledgerEventChanges(balanceChanged('i-9', 10, '100.00', '60.00'), undefined, DAY);
    expect(changes.map((c) => c.kind)).toEqual(['customer-seen', 'part-paid']);
    expect(changes[1]).toMatchObject({ share: 0.4 });
  });

  it.each(['credit-note', 'adjustment', 'dispute-adjustment', 'write-off'])(
    'a %s moves the balance but is no part payment',
    (cause) => {
      const changes = ledgerEventChanges(
        balanceChanged('i-1', 10, '100.00', '70.00', cause),
        invoiceOnFile(),
        DAY,
      );
      expect(changes.map((c) => c.kind)).toEqual(['customer-seen', 'invoice-updated']);
      expect(changes[1]).toMatchObject({ balanceMinor: 7_000n, status: 'open' });
    },
  );

  it('a balance that rises (a payment reversed) is no part payment', () => {
    const changes = ledgerEventChanges(balanceChanged('i-1', 10, '40.00', '70.00'), invoiceOnFile(), DAY);
    expect(changes.map((c) => c.kind)).toEqual(['customer-seen', 'invoice-updated']);
  });

  it('a closed invoice keeps its status when its balance moves', () => {
    for (const status of ['settled', 'cancelled', 'written-off'] as const) {
      const changes = ledgerEventChanges(
        balanceChanged('i-1', 10, '0.00', '30.00', 'adjustment'),
        invoiceOnFile({ status, balanceMinor: 0n }),
        DAY,
      );
      expect(changes[1]).toMatchObject({ kind: 'invoice-updated', balanceMinor: 3_000n, status });
    }
  });

  it('a settlement closes the invoice and records how late it was', () => {
    expect(ledgerEventChanges(settled('i-1', 40, 10), invoiceOnFile(), DAY).slice(1)).toEqual([
      { kind: 'invoice-updated', invoiceId: 'i-1', balanceMinor: 0n, overdueAt: day(30), status: 'settled' },
      {
        kind: 'invoice-settled',
        invoiceId: 'i-1',
        customerId: 'c',
        at: day(40),
        daysLate: 10,
        writtenOff: false,
      },
    ]);
    // Unknown invoice: the settlement still counts.
    expect(ledgerEventChanges(settled('i-9', 40, -2), undefined, DAY).map((c) => c.kind)).toEqual([
      'customer-seen',
      'invoice-settled',
    ]);
  });

  it('a write-off counts as settled that day, aged from the overdue instant on file', () => {
    const changes = ledgerEventChanges(writtenOff('i-1', 100), invoiceOnFile({ overdueAt: day(30) }), DAY);
    expect(changes.slice(1)).toEqual([
      {
        kind: 'invoice-updated',
        invoiceId: 'i-1',
        balanceMinor: 0n,
        overdueAt: day(30),
        status: 'written-off',
      },
      {
        kind: 'invoice-settled',
        invoiceId: 'i-1',
        customerId: 'c',
        at: day(100),
        daysLate: 71,
        writtenOff: true,
      },
    ]);
    expect(ledgerEventChanges(writtenOff('i-1', 20), invoiceOnFile(), DAY)[2]).toMatchObject({ daysLate: 0 });
    expect(ledgerEventChanges(writtenOff('i-9', 100), undefined, DAY)[1]).toMatchObject({
      kind: 'invoice-settled',
      daysLate: 0,
      writtenOff: true,
    });
  });

  it('a cancellation closes the invoice and records no settlement', () => {
    expect(ledgerEventChanges(cancelled('i-1', 5), invoiceOnFile(), DAY).slice(1)).toEqual([
      {
        kind: 'invoice-updated',
        invoiceId: 'i-1',
        balanceMinor: 0n,
        overdueAt: day(30),
        status: 'cancelled',
      },
    ]);
    expect(ledgerEventChanges(cancelled('i-9', 5), undefined, DAY).map((c) => c.kind)).toEqual([
      'customer-seen',
    ]);
  });

  it('an overdue notice moves the overdue instant of the invoice on file, whatever its status', () => {
    const onFile = invoiceOnFile({ status: 'settled', balanceMinor: 0n });
    expect(ledgerEventChanges(overdue('i-1', 31, 45), onFile, DAY)[1]).toEqual({
      kind: 'invoice-updated',
      invoiceId: 'i-1',
      balanceMinor: 0n,
      overdueAt: day(45),
      status: 'settled',
    });
    expect(ledgerEventChanges(overdue('i-9', 31, 45), undefined, DAY).map((c) => c.kind)).toEqual([
      'customer-seen',
    ]);
  });

  it('a payment records one application per invoice it paid', () => {
    const changes = ledgerEventChanges(
      paymentReceived('p-1', 12, [
        ['i-1', 3],
        ['i-2', -4],
      ]),
      undefined,
      DAY,
    );
    expect(changes.slice(1)).toEqual([
      {
        kind: 'payment-applied',
        paymentId: 'p-1',
        invoiceId: 'i-1',
        customerId: 'c',
        at: day(12),
        daysLate: 3,
      },
      {
        kind: 'payment-applied',
        paymentId: 'p-1',
        invoiceId: 'i-2',
        customerId: 'c',
        at: day(12),
        daysLate: -4,
      },
    ]);
    expect(ledgerEventChanges(paymentReceived('p-2', 12, []), undefined, DAY)).toHaveLength(1);
  });

  it('a customer upsert gives the industry and the payment terms', () => {
    expect(
      ledgerEventChanges(
        ledger('ledger.customer.upserted', 0, { industry: 'retail', paymentTermsDays: 30 }),
        undefined,
        DAY,
      ),
    ).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(0), industry: 'retail', paymentTermsDays: 30 },
    ]);
    expect(ledgerEventChanges(ledger('ledger.customer.upserted', 0, {}), undefined, DAY)).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(0), industry: null },
    ]);
  });

  it('a dispute opened records its amount in minor units (none: the whole invoice); a resolution closes it', () => {
    expect(ledgerEventChanges(disputeOpened('d', 'i-1', 3, '40.00'), invoiceOnFile(), DAY)).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(3), industry: null },
      {
        kind: 'dispute-opened',
        disputeId: 'd',
        invoiceId: 'i-1',
        customerId: 'c',
        amountMinor: 4_000n,
        at: day(3),
      },
    ]);
    expect(ledgerEventChanges(disputeOpened('d', 'i-1', 3), undefined, DAY)[1]).toMatchObject({
      kind: 'dispute-opened',
      amountMinor: null,
    });
    // 0- and 3-decimal currencies.
    expect(ledgerEventChanges(disputeOpened('d', 'i-1', 3, '1500', 'JPY'), undefined, DAY)[1]).toMatchObject({
      amountMinor: 1_500n,
    });
    expect(ledgerEventChanges(disputeOpened('d', 'i-1', 3, '1.250', 'KWD'), undefined, DAY)[1]).toMatchObject(
      {
        amountMinor: 1_250n,
      },
    );
    expect(ledgerEventChanges(disputeResolved('d', 'i-1', 4), invoiceOnFile(), DAY)).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(4), industry: null },
      { kind: 'dispute-resolved', disputeId: 'd', invoiceId: 'i-1', customerId: 'c', at: day(4) },
    ]);
    // A dispute's rules need no invoice on file.
    expect(invoiceIdOf(disputeOpened('d', 'i-1', 3))).toBeUndefined();
    expect(invoiceIdOf(disputeResolved('d', 'i-1', 4))).toBeUndefined();
  });

  it('reads the invoice only for the events whose rules need it', () => {
    expect(invoiceIdOf(issued('i-1', 0))).toBe('i-1');
    expect(invoiceIdOf(balanceChanged('i-1', 0, '1.00', '0.00'))).toBe('i-1');
    expect(invoiceIdOf(paymentReceived('p', 0, [['i-1', 0]]))).toBeUndefined();
    expect(invoiceIdOf(ledger('ledger.customer.upserted', 0, {}))).toBeUndefined();
  });

  it('counts minor units in the currency of the event: 0 and 3 decimals', () => {
    const yen = issued('i-j', 0, '12345', { currency: 'JPY' });
    expect(ledgerEventChanges(yen, undefined, DAY)[1]).toMatchObject({
      invoice: { currency: 'JPY', amountMinor: 12_345n, balanceMinor: 12_345n },
    });
    const dinar = issued('i-k', 0, '10.500', { currency: 'KWD' });
    expect(ledgerEventChanges(dinar, undefined, DAY)[1]).toMatchObject({
      invoice: { currency: 'KWD', amountMinor: 10_500n },
    });
    const part = balanceChanged('i-k', 5, '10.500', '7.875', 'payment', {
      currency: 'KWD',
      amount: '10.500',
    });
    const changes = ledgerEventChanges(part, invoiceOnFile({ invoiceId: 'i-k', amountMinor: 10_500n }), DAY);
    expect(changes[1]).toMatchObject({ balanceMinor: 7_875n });
    expect(changes[2]).toMatchObject({ kind: 'part-paid', share: 0.25 });
  });

  it('is pure: the invoice given is not changed, and the same input gives the same changes', () => {
    const onFile = Object.freeze(invoiceOnFile());
    const event = balanceChanged('i-1', 10, '100.00', '75.00');
    const first = ledgerEventChanges(event, onFile, DAY);
    expect(ledgerEventChanges(event, onFile, DAY)).toEqual(first);
    expect(onFile).toEqual(invoiceOnFile());
  });

  it('dunning: a promise recorded, then its outcome; other dunning events change nothing', () => {
    expect(dunningEventChanges(promise('dunning.promise.recorded', 'pr', 3)).map((c) => c.kind)).toEqual([
      'customer-seen',
      'promise-recorded',
    ]);
    expect(dunningEventChanges(promise('dunning.promise.broken', 'pr', 9))[1]).toEqual({
      kind: 'promise-outcome',
      promiseId: 'pr',
      customerId: 'c',
      outcome: 'broken',
      at: day(9),
    });
    expect(dunningEventChanges(promise('dunning.promise.kept', 'pr', 9))[1]).toMatchObject({
      outcome: 'kept',
    });
    expect(dunningEventChanges(promise('dunning.case.opened', 'pr', 9))).toEqual([]);
  });

  it('dunning: a credit hold requested is kept with its step and invoices', () => {
    expect(dunningEventChanges(holdRequested(90, ['i-1', 'i-2']))).toEqual([
      { kind: 'customer-seen', customerId: 'c', at: day(90), industry: null },
      {
        kind: 'hold-requested',
        customerId: 'c',
        step: 'legal-letter',
        invoiceIds: ['i-1', 'i-2'],
        reason: 'legal letter sent',
        at: day(90),
      },
    ]);
  });
});

describe('folding the rules (the replay keeps what the tables keep)', () => {
  it('a partly paid, then settled invoice', () => {
    const snapshot = replayed(
      issued('i-1', 0),
      balanceChanged('i-1', 20, '100.00', '60.00'),
      paymentReceived('p-1', 20, [['i-1', -10]]),
      balanceChanged('i-1', 35, '60.00', '0.00'),
      paymentReceived('p-2', 35, [['i-1', 5]]),
      settled('i-1', 35, 5),
    );
    expect(snapshot).toMatchObject({
      openInvoices: [],
      issued: [{ at: day(0), currency: 'CNY', amountMinor: 10_000n }],
      payments: [
        { at: day(20), daysLate: -10 },
        { at: day(35), daysLate: 5 },
      ],
      settlements: [{ at: day(35), daysLate: 5, writtenOff: false }],
      partPayments: [{ at: day(20), share: 0.4 }],
    });
  });

  it('duplicated events are kept once', () => {
    const events = [
      issued('i-1', 0),
      balanceChanged('i-1', 20, '100.00', '60.00'),
      paymentReceived('p-1', 20, [['i-1', 0]]),
      settled('i-1', 40, 10),
    ];
    const once = replayed(...events);
    expect(replayed(...events.flatMap((event) => [event, event]))).toEqual(once);
    expect(once?.settlements).toHaveLength(1);
  });

  it('the first settlement of an invoice wins: a write-off after it closes the invoice, nothing more', () => {
    const snapshot = replayed(issued('i-1', 0), settled('i-1', 40, 10), writtenOff('i-1', 90));
    expect(snapshot?.settlements).toEqual([{ at: day(40), daysLate: 10, writtenOff: false }]);
  });

  it('a written-off invoice is aged from its latest overdue instant', () => {
    const snapshot = replayed(issued('i-1', 0), overdue('i-1', 31, 40), writtenOff('i-1', 100));
    expect(snapshot?.settlements).toEqual([{ at: day(100), daysLate: 61, writtenOff: true }]);
    expect(snapshot?.openInvoices).toEqual([]);
  });

  it('a cancelled invoice leaves the open invoices and the invoiced volume', () => {
    const snapshot = replayed(issued('i-1', 0), issued('i-2', 1, '50.00'), cancelled('i-1', 2));
    expect(snapshot?.openInvoices.map((invoice) => invoice.invoiceId)).toEqual(['i-2']);
    expect(snapshot?.issued).toEqual([{ at: day(1), currency: 'CNY', amountMinor: 5_000n }]);
  });

  it('a settlement after a cancellation counts the invoice as settled again, as the tables do', () => {
    const snapshot = replayed(issued('i-1', 0), cancelled('i-1', 2), settled('i-1', 3, -27));
    expect(snapshot?.issued).toHaveLength(1);
    expect(snapshot?.openInvoices).toEqual([]);
    expect(snapshot?.settlements).toHaveLength(1);
  });

  it('a credit note to zero settles the invoice without a settlement of its own', () => {
    const snapshot = replayed(issued('i-1', 0), balanceChanged('i-1', 5, '100.00', '0.00', 'credit-note'));
    expect(snapshot?.openInvoices).toEqual([]);
    expect(snapshot?.issued).toHaveLength(1);
    expect(snapshot?.settlements).toEqual([]);
    expect(snapshot?.partPayments).toEqual([]);
  });

  it('events out of order: what names an invoice not yet issued touches only what needs no invoice', () => {
    const snapshot = replayed(
      overdue('i-1', 31, 45),
      balanceChanged('i-1', 20, '100.00', '60.00'),
      issued('i-1', 0),
    );
    expect(snapshot?.firstSeenAt).toEqual(day(0));
    expect(snapshot?.openInvoices).toEqual([
      { invoiceId: 'i-1', currency: 'CNY', balanceMinor: 10_000n, overdueAt: day(30) },
    ]);
    expect(snapshot?.partPayments).toEqual([{ at: day(20), share: 0.4 }]);
  });

  it('first seen is the earliest event that changed the profile; the industry the latest given', () => {
    const snapshot = replayed(
      ledger('ledger.customer.upserted', 10, { industry: 'retail' }),
      issued('i-1', 4),
      ledger('ledger.customer.upserted', 12, {}),
    );
    expect(snapshot?.firstSeenAt).toEqual(day(4));
    expect(snapshot?.industry).toBe('retail');
    expect(replayed(ledger('ledger.customer.upserted', 13, { industry: 'construction' }))?.industry).toBe(
      'construction',
    );
  });

  it('events that change nothing start no profile', () => {
    const overdueOnly = overdue('i-1', 3, 3);
    expect(replayed(overdueOnly)?.openInvoices).toEqual([]);
    const unknown = ledger('ledger.invoice.unknown-kind', 3, {});
    expect(replayed(unknown)).toBeUndefined();
    expect(applyLedgerEvent(undefined, unknown, DAY)).toBeUndefined();
  });

  it('a dispute is open from its opening until its resolution, whatever order they arrive in', () => {
    const open = replayed(issued('i-1', 0), disputeOpened('d', 'i-1', 40, '40.00'));
    expect(open?.openDisputes).toEqual([{ invoiceId: 'i-1', amountMinor: 4_000n }]);
    const whole = replayed(issued('i-1', 0), disputeOpened('d', 'i-1', 40));
    expect(whole?.openDisputes).toEqual([{ invoiceId: 'i-1', amountMinor: null }]);
    expect(
      replayed(issued('i-1', 0), disputeOpened('d', 'i-1', 40), disputeResolved('d', 'i-1', 50))
        ?.openDisputes,
    ).toEqual([]);
    // The resolution first (out of order): the dispute is never open.
    expect(
      replayed(issued('i-1', 0), disputeResolved('d', 'i-1', 50), disputeOpened('d', 'i-1', 40))
        ?.openDisputes,
    ).toEqual([]);
    // A duplicated opening keeps the first amount.
    expect(
      replayed(
        issued('i-1', 0),
        disputeOpened('d', 'i-1', 40, '40.00'),
        disputeOpened('d', 'i-1', 41, '90.00'),
      )?.openDisputes,
    ).toEqual([{ invoiceId: 'i-1', amountMinor: 4_000n }]);
  });

  it('a hold request is owed while an invoice it named is open or unknown, once per step and instant', () => {
    const base = [issued('i-1', 0), issued('i-2', 0)];
    expect(replayed(...base, holdRequested(90, ['i-1', 'i-2']))?.holdRequests).toEqual([
      { step: 'legal-letter', requestedAt: day(90), owedInvoiceIds: ['i-1', 'i-2'] },
    ]);
    expect(
      replayed(
        ...base,
        holdRequested(90, ['i-1', 'i-2']),
        settled('i-1', 95, 65),
        holdRequested(90, ['i-1', 'i-2']),
      )?.holdRequests,
    ).toEqual([{ step: 'legal-letter', requestedAt: day(90), owedInvoiceIds: ['i-2'] }]);
    expect(
      replayed(...base, holdRequested(90, ['i-1', 'i-2']), settled('i-1', 95, 65), cancelled('i-2', 96))
        ?.holdRequests,
    ).toEqual([{ step: 'legal-letter', requestedAt: day(90), owedInvoiceIds: [] }]);
    // Named but not on file yet: owed until the ledger says otherwise.
    expect(replayed(holdRequested(90, ['i-9']))?.holdRequests[0]?.owedInvoiceIds).toEqual(['i-9']);
    // Naming none: every open invoice of the customer.
    expect(
      replayed(...base, settled('i-2', 50, 20), holdRequested(90, []))?.holdRequests[0]?.owedInvoiceIds,
    ).toEqual(['i-1']);
  });

  it('the latest outcome of a promise counts, and a promise without one counts for nothing', () => {
    const snapshot = replayed(
      promise('dunning.promise.recorded', 'pr-1', 1),
      promise('dunning.promise.recorded', 'pr-2', 2),
      promise('dunning.promise.kept', 'pr-1', 5),
      promise('dunning.promise.broken', 'pr-1', 8),
    );
    expect(snapshot?.promises).toEqual([{ at: day(8), kept: false }]);
  });

  it('a snapshot is a copy: reading it does not change the profile', () => {
    const profile = applyLedgerEvent(undefined, issued('i-1', 0), DAY)!;
    const snapshot = snapshotOf(profile);
    snapshot.openInvoices[0]!.balanceMinor = 1n;
    expect(snapshotOf(profile).openInvoices[0]?.balanceMinor).toBe(10_000n);
  });
});
