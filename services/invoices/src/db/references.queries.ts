import type pg from 'pg';

export interface References {
  /** Invoice id -> its customer, for invoices the ledger holds. */
  customerOfInvoice: Map<string, string>;
  /** Dispute id -> its invoice, for disputes the ledger holds. */
  invoiceOfDispute: Map<string, string>;
}

/** Whom invoices and disputes the ledger holds belong to (an invoice never changes customer). */
export async function findReferences(
  db: pg.PoolClient,
  invoiceIds: string[],
  disputeIds: string[],
): Promise<References> {
  const references: References = { customerOfInvoice: new Map(), invoiceOfDispute: new Map() };
  if (invoiceIds.length === 0 && disputeIds.length === 0) return references;
  const result = await db.query<{ dispute_id: string | null; invoice_id: string; customer_id: string }>({
    text: `SELECT NULL AS dispute_id, invoice_id, customer_id FROM invoices WHERE invoice_id = ANY($1::text[])
           UNION ALL
           SELECT d.dispute_id, d.invoice_id, i.customer_id
           FROM disputes d JOIN invoices i ON i.invoice_id = d.invoice_id
           WHERE d.dispute_id = ANY($2::text[])`,
    values: [invoiceIds, disputeIds],
  });
  for (const row of result.rows) {
    references.customerOfInvoice.set(row.invoice_id, row.customer_id);
    if (row.dispute_id !== null) references.invoiceOfDispute.set(row.dispute_id, row.invoice_id);
  }
  return references;
}
