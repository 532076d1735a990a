import type pg from 'pg';
import type { ProfileChange, ProfileInvoice, ProfileInvoiceStatus } from '../domain/profile-rules.ts';
import { markCustomerDirty } from './customers.queries.ts';

/** Writes of the risk profile, each applied in the transaction of the event that caused it. */

/** The invoice as on file, locked for the rest of the transaction; undefined when unknown. */
export async function loadProfileInvoice(
  tx: pg.PoolClient,
  invoiceId: string,
): Promise<ProfileInvoice | undefined> {
  const result = await tx.query<{
    customer_id: string;
    currency: string;
    amount_minor: string;
    balance_minor: string;
    overdue_at: Date;
    issued_at: Date;
    status: ProfileInvoiceStatus;
  }>({
    text: `SELECT customer_id, currency, amount_minor, balance_minor, overdue_at, issued_at, status
           FROM risk_invoices WHERE invoice_id = $1 FOR UPDATE`,
    values: [invoiceId],
  });
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    invoiceId,
    customerId: row.customer_id,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    balanceMinor: BigInt(row.balance_minor),
    overdueAt: row.overdue_at,
    issuedAt: row.issued_at,
    status: row.status,
  };
}

/**
 * Writes the changes the profile rules made of one event, each kept as `ProfileChange` says (the same
 * keys as in memory); `trigger` is what marks the customer for re-assessment.
 */
export async function writeProfileChanges(
  tx: pg.PoolClient,
  changes: readonly ProfileChange[],
  trigger: string,
): Promise<void> {
  for (const change of changes) await writeProfileChange(tx, change, trigger);
}

async function writeProfileChange(tx: pg.PoolClient, change: ProfileChange, trigger: string): Promise<void> {
  switch (change.kind) {
    case 'customer-seen':
      await markCustomerDirty(tx, {
        customerId: change.customerId,
        trigger,
        seenAt: change.at,
        industry: change.industry ?? undefined,
        paymentTermsDays: change.paymentTermsDays,
      });
      return;
    case 'invoice-issued': {
      const { invoice } = change;
      await tx.query({
        text: `INSERT INTO risk_invoices
                 (invoice_id, customer_id, currency, amount_minor, balance_minor, overdue_at, issued_at, status)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (invoice_id) DO NOTHING`,
        values: [
          invoice.invoiceId,
          invoice.customerId,
          invoice.currency,
          invoice.amountMinor,
          invoice.balanceMinor,
          invoice.overdueAt,
          invoice.issuedAt,
          invoice.status,
        ],
      });
      return;
    }
    case 'invoice-updated':
      await tx.query({
        text: 'UPDATE risk_invoices SET balance_minor = $2, overdue_at = $3, status = $4 WHERE invoice_id = $1',
        values: [change.invoiceId, change.balanceMinor, change.overdueAt, change.status],
      });
      return;
    case 'payment-applied':
      await tx.query({
        text: `INSERT INTO risk_payments (payment_id, invoice_id, customer_id, received_at, days_late)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        values: [change.paymentId, change.invoiceId, change.customerId, change.at, change.daysLate],
      });
      return;
    case 'invoice-settled':
      await tx.query({
        text: `INSERT INTO risk_settlements (invoice_id, customer_id, settled_at, days_late, written_off)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING`,
        values: [change.invoiceId, change.customerId, change.at, change.daysLate, change.writtenOff],
      });
      return;
    case 'part-paid':
      await tx.query({
        text: `INSERT INTO risk_part_payments (source_id, invoice_id, customer_id, paid_at, share)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        values: [change.sourceId, change.invoiceId, change.customerId, change.at, change.share],
      });
      return;
    case 'promise-recorded':
      await tx.query({
        text: `INSERT INTO risk_promises (promise_id, customer_id, recorded_at) VALUES ($1, $2, $3)
               ON CONFLICT (promise_id) DO UPDATE SET recorded_at = excluded.recorded_at`,
        values: [change.promiseId, change.customerId, change.at],
      });
      return;
    case 'promise-outcome':
      await tx.query({
        text: `INSERT INTO risk_promises (promise_id, customer_id, outcome, outcome_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (promise_id) DO UPDATE SET outcome = excluded.outcome, outcome_at = excluded.outcome_at`,
        values: [change.promiseId, change.customerId, change.outcome, change.at],
      });
      return;
    case 'dispute-opened':
      await tx.query({
        text: `INSERT INTO risk_disputes (dispute_id, invoice_id, customer_id, amount_minor, opened_at)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (dispute_id) DO UPDATE SET amount_minor = excluded.amount_minor,
                 opened_at = excluded.opened_at
               WHERE risk_disputes.opened_at IS NULL`,
        values: [change.disputeId, change.invoiceId, change.customerId, change.amountMinor, change.at],
      });
      return;
    case 'dispute-resolved':
      await tx.query({
        text: `INSERT INTO risk_disputes (dispute_id, invoice_id, customer_id, resolved_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (dispute_id) DO UPDATE SET resolved_at = excluded.resolved_at
               WHERE risk_disputes.resolved_at IS NULL`,
        values: [change.disputeId, change.invoiceId, change.customerId, change.at],
      });
      return;
    case 'hold-requested':
      await tx.query({
        text: `INSERT INTO risk_hold_requests (customer_id, step, requested_at, invoice_ids, reason)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        values: [change.customerId, change.step, change.at, change.invoiceIds, change.reason],
      });
      return;
  }
}

/** Returns false when the same figures were already on file. */
export async function upsertFinancials(
  tx: pg.PoolClient,
  input: {
    customerId: string;
    currentRatio: number;
    quickRatio: number;
    debtRatio: number;
    period: string;
    at: Date;
  },
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO risk_financials (customer_id, current_ratio, quick_ratio, debt_ratio, period, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (customer_id) DO UPDATE SET current_ratio = excluded.current_ratio,
             quick_ratio = excluded.quick_ratio, debt_ratio = excluded.debt_ratio, period = excluded.period,
             reported_at = excluded.reported_at
           WHERE (risk_financials.current_ratio, risk_financials.quick_ratio, risk_financials.debt_ratio,
                  risk_financials.period)
             IS DISTINCT FROM (excluded.current_ratio, excluded.quick_ratio, excluded.debt_ratio, excluded.period)`,
    values: [input.customerId, input.currentRatio, input.quickRatio, input.debtRatio, input.period, input.at],
  });
  return result.rowCount === 1;
}
