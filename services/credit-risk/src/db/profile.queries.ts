import type pg from 'pg';

/** Writes of the risk profile, each applied in the transaction of the event that caused it. */

export async function recordIssuedInvoice(
  tx: pg.PoolClient,
  invoice: {
    invoiceId: string;
    customerId: string;
    currency: string;
    amountMinor: bigint;
    balanceMinor: bigint;
    overdueAt: string;
    issuedAt: string;
  },
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO risk_invoices
             (invoice_id, customer_id, currency, amount_minor, balance_minor, overdue_at, issued_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5::bigint > 0 THEN 'open' ELSE 'settled' END)
           ON CONFLICT (invoice_id) DO NOTHING`,
    values: [
      invoice.invoiceId,
      invoice.customerId,
      invoice.currency,
      invoice.amountMinor,
      invoice.balanceMinor,
      invoice.overdueAt,
      invoice.issuedAt,
    ],
  });
  return result.rowCount === 1;
}

export async function updateOverdueAt(
  tx: pg.PoolClient,
  invoiceId: string,
  overdueAt: string,
): Promise<boolean> {
  const result = await tx.query({
    text: 'UPDATE risk_invoices SET overdue_at = $2 WHERE invoice_id = $1',
    values: [invoiceId, overdueAt],
  });
  return result.rowCount === 1;
}

/** Returns the invoice amount, or undefined when the invoice is unknown. */
export async function updateBalance(
  tx: pg.PoolClient,
  invoiceId: string,
  balanceMinor: bigint,
): Promise<bigint | undefined> {
  const result = await tx.query<{ amount_minor: string }>({
    text: `UPDATE risk_invoices SET balance_minor = $2,
             status = CASE WHEN status = 'open' AND $2::bigint = 0 THEN 'settled' ELSE status END
           WHERE invoice_id = $1 RETURNING amount_minor`,
    values: [invoiceId, balanceMinor],
  });
  const row = result.rows[0];
  return row ? BigInt(row.amount_minor) : undefined;
}

export async function closeInvoice(
  tx: pg.PoolClient,
  invoiceId: string,
  status: 'settled' | 'cancelled' | 'written-off',
): Promise<{ overdueAt: Date } | undefined> {
  const result = await tx.query<{ overdue_at: Date }>({
    text: `UPDATE risk_invoices SET balance_minor = 0, status = $2 WHERE invoice_id = $1 RETURNING overdue_at`,
    values: [invoiceId, status],
  });
  const row = result.rows[0];
  return row ? { overdueAt: row.overdue_at } : undefined;
}

export async function recordSettlement(
  tx: pg.PoolClient,
  settlement: { invoiceId: string; customerId: string; at: string; daysLate: number; writtenOff: boolean },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_settlements (invoice_id, customer_id, settled_at, days_late, written_off)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING`,
    values: [
      settlement.invoiceId,
      settlement.customerId,
      settlement.at,
      settlement.daysLate,
      settlement.writtenOff,
    ],
  });
}

export async function recordPaymentApplication(
  tx: pg.PoolClient,
  payment: { paymentId: string; invoiceId: string; customerId: string; at: string; daysLate: number },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_payments (payment_id, invoice_id, customer_id, received_at, days_late)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    values: [payment.paymentId, payment.invoiceId, payment.customerId, payment.at, payment.daysLate],
  });
}

export async function recordPartPayment(
  tx: pg.PoolClient,
  part: { sourceId: string; invoiceId: string; customerId: string; at: string; share: number },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_part_payments (source_id, invoice_id, customer_id, paid_at, share)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    values: [part.sourceId, part.invoiceId, part.customerId, part.at, part.share],
  });
}

export async function recordPromise(
  tx: pg.PoolClient,
  promise: { promiseId: string; customerId: string; recordedAt: string },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_promises (promise_id, customer_id, recorded_at) VALUES ($1, $2, $3)
           ON CONFLICT (promise_id) DO UPDATE SET recorded_at = excluded.recorded_at`,
    values: [promise.promiseId, promise.customerId, promise.recordedAt],
  });
}

export async function recordPromiseOutcome(
  tx: pg.PoolClient,
  outcome: { promiseId: string; customerId: string; outcome: 'kept' | 'broken'; at: string },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_promises (promise_id, customer_id, outcome, outcome_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (promise_id) DO UPDATE SET outcome = excluded.outcome, outcome_at = excluded.outcome_at`,
    values: [outcome.promiseId, outcome.customerId, outcome.outcome, outcome.at],
  });
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
