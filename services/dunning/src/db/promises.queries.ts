import { MAX_MINOR_UNITS } from '@dunning/contracts';
import type pg from 'pg';

export interface NewPromise {
  promiseId: string;
  customerId: string;
  taskId: string;
  collectorId: string;
  invoiceIds: string[];
  promisedDate: string;
  currency: string;
  amountMinor: bigint;
  checkAt: Date;
  recordedAt: Date;
  /** Who recorded it (`actorOf`: a key's name or `console:<user>`). */
  recordedBy: string;
}

export async function insertPromise(tx: pg.PoolClient, p: NewPromise): Promise<void> {
  await tx.query({
    text: `INSERT INTO payment_promises (promise_id, customer_id, task_id, collector_id, invoice_ids, promised_date,
             currency, amount_minor, check_at, recorded_at, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    values: [
      p.promiseId,
      p.customerId,
      p.taskId,
      p.collectorId,
      p.invoiceIds,
      p.promisedDate,
      p.currency,
      p.amountMinor,
      p.checkAt,
      p.recordedAt,
      p.recordedBy,
    ],
  });
}

export interface PromiseRow {
  promise_id: string;
  customer_id: string;
  invoice_ids: string[];
  promised_date: string;
  currency: string;
  amount_minor: bigint;
  paid_minor: bigint;
  check_at: Date;
  all_closed: boolean;
}

const PROMISE_SELECT = `SELECT p.promise_id, p.customer_id, p.invoice_ids, p.promised_date, p.currency, p.amount_minor,
    p.paid_minor, p.check_at,
    NOT EXISTS (SELECT 1 FROM dunning_cases c WHERE c.invoice_id = ANY(p.invoice_ids) AND c.status <> 'closed') AS all_closed
  FROM payment_promises p`;

export async function pendingPromisesOfInvoice(tx: pg.PoolClient, invoiceId: string): Promise<PromiseRow[]> {
  const result = await tx.query<PromiseRow>({
    text: `${PROMISE_SELECT} WHERE p.status = 'pending' AND $1 = ANY(p.invoice_ids) FOR UPDATE OF p`,
    values: [invoiceId],
  });
  return result.rows;
}

export async function duePromises(tx: pg.PoolClient, now: Date, limit: number): Promise<PromiseRow[]> {
  const result = await tx.query<PromiseRow>({
    text: `${PROMISE_SELECT} WHERE p.status = 'pending' AND p.check_at <= $1 ORDER BY p.check_at LIMIT $2
           FOR UPDATE OF p SKIP LOCKED`,
    values: [now, limit],
  });
  return result.rows;
}

export async function addPaid(tx: pg.PoolClient, promiseId: string, paidMinor: bigint): Promise<void> {
  await tx.query({
    // Only "paid at least the promised amount" matters, and that amount fits a bigint: the running
    // total stops at the bigint maximum rather than fail the payment that passes it.
    text: `UPDATE payment_promises SET paid_minor = least(paid_minor::numeric + $2, $3)::bigint
           WHERE promise_id = $1`,
    values: [promiseId, paidMinor, MAX_MINOR_UNITS],
  });
}

export async function settlePromise(
  tx: pg.PoolClient,
  promiseId: string,
  status: 'kept' | 'broken',
  at: Date,
): Promise<void> {
  await tx.query({
    text: `UPDATE payment_promises SET status = $2, settled_at = $3 WHERE promise_id = $1 AND status = 'pending'`,
    values: [promiseId, status, at],
  });
}
