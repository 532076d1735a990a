import {
  LEDGER_CHARGE_BOOKED,
  LEDGER_CHARGE_WAIVED,
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_PAYMENT_RECEIVED,
  type LedgerEvent,
  type LedgerInvoiceBalanceChangedData,
  toMinorUnits,
} from '@dunning/contracts';
import { type ChunkHandler, type HandlerOutcome, planWaves } from '@dunning/kafka';
import type pg from 'pg';
import { closeCase } from '../commands/close-case.ts';
import type { CommandContext } from '../commands/command-context.ts';
import { endTasksOfClosedInvoice, endTasksOfDisputedInvoice } from '../commands/end-tasks.ts';
import { type Posting, raiseLegalTask } from '../commands/legal.ts';
import { liftPause, pauseCase } from '../commands/pause-case.ts';
import { planCases } from '../commands/plan-case.ts';
import { settlePromisesOnPayment } from '../commands/promises.ts';
import { recordBalanceMovement } from '../db/balance-movements.queries.ts';
import { upsertCustomerProfiles } from '../db/case-planning.queries.ts';
import { lockCase, updateCaseBalance } from '../db/cases.queries.ts';
import { recordLedgerCharge } from '../db/charges.queries.ts';
import { customersInLegal } from '../db/legal.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { eventToPlanSeconds } from '../metrics.ts';

const applied: HandlerOutcome = { status: 'applied' };

/**
 * A partial payment or credit: dunning continues on the new balance (a zero balance waits for settled).
 * Balances are ordered by when the ledger posted them (the fact's time), not by the business date of
 * the money: a payment dated before the invoice was recorded still lowers the balance.
 */
async function changeBalance(
  tx: pg.PoolClient,
  context: CommandContext,
  event: { data: LedgerInvoiceBalanceChangedData; time: string },
): Promise<HandlerOutcome> {
  const { data } = event;
  const c = await lockCase(tx, data.invoiceId);
  if (!c) return { status: 'skipped', reason: 'no case for the invoice' };
  if (c.status === 'closed') return { status: 'skipped', reason: 'case closed' };
  const postedAt = new Date(event.time);
  if (c.balance_as_of && c.balance_as_of > postedAt)
    return { status: 'skipped', reason: 'older than the balance held' };
  const balance = toMinorUnits(data.balance, data.currency);
  await updateCaseBalance(tx, data.invoiceId, balance, postedAt);
  await recordBalanceMovement(tx, {
    invoiceId: data.invoiceId,
    sourceId: data.sourceId,
    customerId: data.customerId,
    currency: data.currency,
    kind: data.cause,
    deltaMinor: toMinorUnits(data.previousBalance, data.currency) - balance,
    at: postedAt,
  });
  await addTimeline(tx, [
    {
      invoiceId: data.invoiceId,
      at: context.now(),
      kind: 'balance-changed',
      detail: { balance: data.balance, cause: data.cause },
    },
  ]);
  const paid = toMinorUnits(data.previousBalance, data.currency) - balance;
  if (data.cause === 'payment' && paid > 0n)
    await settlePromisesOnPayment(tx, context, data.invoiceId, paid, data.currency);
  return applied;
}

/**
 * One ledger fact that changes, pauses or ends dunning (customers' profiles and issued invoices
 * always go in a wave's batch).
 */
async function applyLedgerEvent(
  tx: pg.PoolClient,
  context: CommandContext,
  event: LedgerEvent,
): Promise<HandlerOutcome> {
  switch (event.type) {
    case LEDGER_INVOICE_BALANCE_CHANGED:
      return changeBalance(tx, context, event);
    case LEDGER_INVOICE_SETTLED: {
      const reason = event.data.how === 'credited' ? 'credited' : 'paid';
      await closeCase(tx, context, event.data.invoiceId, event.data.customerId, reason, new Date(event.time));
      await endTasksOfClosedInvoice(tx, context, event.data.invoiceId);
      return applied;
    }
    case LEDGER_INVOICE_CANCELLED:
      await closeCase(
        tx,
        context,
        event.data.invoiceId,
        event.data.customerId,
        'cancelled',
        new Date(event.time),
      );
      await endTasksOfClosedInvoice(tx, context, event.data.invoiceId);
      return applied;
    case LEDGER_INVOICE_WRITTEN_OFF:
      await closeCase(
        tx,
        context,
        event.data.invoiceId,
        event.data.customerId,
        'written-off',
        new Date(event.time),
      );
      await endTasksOfClosedInvoice(tx, context, event.data.invoiceId);
      return applied;
    case LEDGER_DISPUTE_OPENED: {
      const { data } = event;
      // News for legal whether or not the disputed invoice has a case of its own.
      const raised = await raiseLegalTask(tx, context, {
        kind: 'dispute-opened',
        id: data.disputeId,
        customerId: data.customerId,
        invoiceIds: [data.invoiceId],
        currency: data.currency,
        amountMinor: data.amount ? toMinorUnits(data.amount, data.currency) : 0n,
        amount: data.amount ?? '0',
        postedAt: data.openedAt,
      });
      const paused = await pauseCase(tx, context, event.data.invoiceId, { dispute: event.data.disputeId });
      if (!paused) return raised ? applied : { status: 'skipped', reason: 'no open case' };
      await endTasksOfDisputedInvoice(tx, context, event.data.invoiceId);
      return applied;
    }
    case LEDGER_DISPUTE_RESOLVED: {
      const c = await liftPause(tx, context, event.data.invoiceId, { dispute: event.data.disputeId });
      if (!c) return { status: 'skipped', reason: 'no case' };
      // Upheld or adjusted to nothing left: the balance event may already have brought it to zero.
      if (event.data.resolution !== 'rejected' && c.status !== 'closed' && c.balance_minor <= 0n) {
        await closeCase(
          tx,
          context,
          event.data.invoiceId,
          event.data.customerId,
          'credited',
          new Date(event.time),
        );
        await endTasksOfClosedInvoice(tx, context, event.data.invoiceId);
      }
      return applied;
    }
    case LEDGER_CHARGE_BOOKED:
    case LEDGER_CHARGE_WAIVED: {
      // The next notice lists the customer's charges still open (booked, not waived).
      const { data } = event;
      const changed = await recordLedgerCharge(
        tx,
        {
          ...data,
          amountMinor: toMinorUnits(data.amount, data.currency),
          leviedAt: new Date('leviedAt' in data ? data.leviedAt : data.waivedAt),
        },
        event.type === LEDGER_CHARGE_BOOKED ? 'open' : 'waived',
        context.now(),
      );
      return changed ? applied : { status: 'skipped', reason: 'charge already known in that state' };
    }
    default:
      return { status: 'skipped', reason: `${event.type} does not concern dunning` };
  }
}

/**
 * Facts that only matter to legal (a payment on a customer with cases in legal) or not at all: they
 * join any batch. (A payment's effect on each invoice comes as its balance change.)
 */
const IGNORED: ReadonlySet<string> = new Set([LEDGER_PAYMENT_RECEIVED, LEDGER_INVOICE_OVERDUE]);

/** The payments and issued invoices of a wave on customers with cases in legal: one legal task each. */
async function raiseLegalTasksOfWave(
  tx: pg.PoolClient,
  context: CommandContext,
  batch: readonly LedgerEvent[],
): Promise<Set<LedgerEvent>> {
  const postings = batch.filter(
    (e) => e.type === LEDGER_PAYMENT_RECEIVED || e.type === LEDGER_INVOICE_ISSUED,
  );
  const raised = new Set<LedgerEvent>();
  if (postings.length === 0) return raised;
  const inLegal = await customersInLegal(tx, [
    ...new Set(postings.map((e) => (e.data as { customerId: string }).customerId)),
  ]);
  for (const event of postings) {
    let posting: Posting | undefined;
    if (event.type === LEDGER_PAYMENT_RECEIVED && inLegal.has(event.data.customerId)) {
      const { data } = event;
      posting = {
        kind: 'payment',
        id: data.paymentId,
        customerId: data.customerId,
        invoiceIds: data.applications.map((a) => a.invoiceId),
        currency: data.currency,
        amountMinor: toMinorUnits(data.amount, data.currency),
        amount: data.amount,
        postedAt: data.receivedAt,
      };
    } else if (event.type === LEDGER_INVOICE_ISSUED && inLegal.has(event.data.customerId)) {
      const { data } = event;
      posting = {
        kind: 'invoice-issued',
        id: data.invoiceId,
        customerId: data.customerId,
        invoiceIds: [data.invoiceId],
        currency: data.currency,
        amountMinor: toMinorUnits(data.amount, data.currency),
        amount: data.amount,
        postedAt: event.time,
      };
    }
    if (posting && (await raiseLegalTask(tx, context, posting))) raised.add(event);
  }
  return raised;
}

/**
 * Issued invoices (and ignored facts) may join a wave's batch; a customer's profile only at the
 * start of its run, so that the invoices after it are planned in the zone it brings.
 */
function batchable(event: LedgerEvent, run: readonly LedgerEvent[]): boolean {
  if (IGNORED.has(event.type)) return true;
  if (event.type === LEDGER_CUSTOMER_UPSERTED) return run.length === 0;
  if (event.type !== LEDGER_INVOICE_ISSUED) return false;
  const { invoiceId } = event.data;
  return !run.some((other) => other.type === LEDGER_INVOICE_ISSUED && other.data.invoiceId === invoiceId);
}

/** Every ledger fact names its customer; one customer's facts keep their order. */
function keysOf(event: LedgerEvent): string[] {
  const data = event.data as { customerId: string; invoiceId?: string };
  return data.invoiceId === undefined
    ? [`customer:${data.customerId}`]
    : [`customer:${data.customerId}`, `invoice:${data.invoiceId}`];
}

/**
 * A chunk of ledger facts: customers' profiles and issued invoices (the bulk) are written a wave at
 * a time (cases and steps of a whole wave in a few statements), the rest one by one, each customer's
 * facts in their order: the same end state as applying the chunk in order.
 */
export function handleLedgerChunk(context: CommandContext): ChunkHandler<LedgerEvent> {
  return async (events, tx) => {
    const outcomes = new Map<LedgerEvent, HandlerOutcome>();
    for (const { batch, singles } of planWaves(events, { keysOf, batchable })) {
      const profiles = batch.filter((e) => e.type === LEDGER_CUSTOMER_UPSERTED);
      await upsertCustomerProfiles(
        tx,
        profiles.map(({ data }) => ({
          customerId: data.customerId,
          timeZone: data.timezone,
          collectorId: data.collectorId,
        })),
      );
      for (const event of profiles) outcomes.set(event, applied);
      const issued = batch.filter((e) => e.type === LEDGER_INVOICE_ISSUED);
      const planned = await planCases(
        tx,
        context,
        issued.map((event) => ({ data: event.data, eventId: event.id, recordedAt: new Date(event.time) })),
      );
      const plannedAt = context.now().getTime();
      issued.forEach((event, index) => {
        const result = planned[index];
        // Before the commit (the chunk's transaction is the consumer's): a retried chunk counts twice.
        if (result === 'planned')
          eventToPlanSeconds.observe(Math.max(0, plannedAt - Date.parse(event.time)) / 1000);
        outcomes.set(event, result === 'planned' ? applied : { status: 'skipped', reason: String(result) });
      });
      const raised = await raiseLegalTasksOfWave(tx, context, batch);
      for (const event of batch) {
        if (IGNORED.has(event.type))
          outcomes.set(
            event,
            raised.has(event)
              ? applied
              : { status: 'skipped', reason: `${event.type} does not concern dunning` },
          );
      }
      for (const event of singles) outcomes.set(event, await applyLedgerEvent(tx, context, event));
    }
    return events.map((event) => outcomes.get(event) as HandlerOutcome);
  };
}
