import type pg from 'pg';

/** Records why invoices are late; a redelivered event or a replayed dispute finds its rows there. */
export async function recordOverdueReasons(
  tx: pg.PoolClient,
  facts: {
    invoiceIds: readonly string[];
    customerId: string;
    reason: string;
    source: 'task' | 'dispute';
    sourceId: string;
    recordedAt: string | Date;
  },
): Promise<number> {
  const result = await tx.query({
    text: `INSERT INTO overdue_reasons (invoice_id, customer_id, reason, source, source_id, recorded_at)
           SELECT invoice_id, $2, $3, $4, $5, $6 FROM unnest($1::text[]) AS invoice_id
           ON CONFLICT DO NOTHING`,
    values: [
      facts.invoiceIds,
      facts.customerId,
      facts.reason,
      facts.source,
      facts.sourceId,
      facts.recordedAt,
    ],
  });
  return result.rowCount ?? 0;
}

/** A customer's class from one assessment; the same assessment again changes nothing. */
export async function recordRiskClass(
  tx: pg.PoolClient,
  customerId: string,
  riskClass: string,
  assessedAt: string,
): Promise<number> {
  const result = await tx.query({
    text: `INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
    values: [customerId, riskClass, assessedAt],
  });
  return result.rowCount ?? 0;
}
