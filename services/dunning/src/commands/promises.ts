import { DUNNING_PROMISE_BROKEN, DUNNING_PROMISE_KEPT, formatMinorUnits } from '@dunning/contracts';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import {
  addPaid,
  duePromises,
  type PromiseRow,
  pendingPromisesOfInvoice,
  settlePromise,
} from '../db/promises.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { type CommandContext, publish } from './command-context.ts';
import { liftPause } from './pause-case.ts';

async function finishPromise(
  tx: pg.PoolClient,
  context: CommandContext,
  promise: PromiseRow,
  outcome: 'kept' | 'broken',
): Promise<void> {
  const now = context.now();
  await settlePromise(tx, promise.promise_id, outcome, now);
  await publish(
    tx,
    context,
    outcome === 'kept' ? DUNNING_PROMISE_KEPT : DUNNING_PROMISE_BROKEN,
    promise.customer_id,
    {
      promiseId: promise.promise_id,
      customerId: promise.customer_id,
      invoiceIds: promise.invoice_ids,
      promisedDate: promise.promised_date,
      amount: formatMinorUnits(promise.amount_minor, promise.currency),
      currency: promise.currency,
      at: now.toISOString(),
    },
    { id: `promise-${outcome}.${promise.promise_id}` },
  );
  for (const invoiceId of promise.invoice_ids) {
    await liftPause(tx, context, invoiceId, { promise: promise.promise_id });
    await addTimeline(tx, [
      {
        invoiceId,
        at: now,
        kind: outcome === 'kept' ? 'promise-kept' : 'promise-broken',
        detail: { promiseId: promise.promise_id },
      },
    ]);
  }
}

/**
 * A payment (or a close) on an invoice under a promise: kept once the promised amount is paid or all is
 * settled. A promise is an amount in its own currency, so only payments in that currency count
 * towards it: a task (and its promise) may cover invoices in other currencies, whose minor units mean
 * something else.
 */
export async function settlePromisesOnPayment(
  tx: pg.PoolClient,
  context: CommandContext,
  invoiceId: string,
  paidMinor: bigint,
  paidCurrency?: string,
): Promise<void> {
  for (const promise of await pendingPromisesOfInvoice(tx, invoiceId)) {
    const counted = paidMinor > 0n && paidCurrency === promise.currency ? paidMinor : 0n;
    if (counted > 0n) await addPaid(tx, promise.promise_id, counted);
    if (promise.all_closed || promise.paid_minor + counted >= promise.amount_minor) {
      await finishPromise(tx, context, promise, 'kept');
    }
  }
}

/** Promises whose date plus grace passed: kept if everything was paid meanwhile, otherwise broken and dunning resumes. */
export async function checkDuePromises(pool: pg.Pool, context: CommandContext): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const due = await duePromises(tx, context.now(), 100);
    for (const promise of due) {
      await finishPromise(tx, context, promise, promise.all_closed ? 'kept' : 'broken');
    }
    return due.length;
  });
}
