import type pg from 'pg';

export interface DisputeRow {
  dispute_id: string;
  invoice_id: string;
  status: 'open' | 'upheld' | 'rejected' | 'adjusted';
  reason: string;
  reason_code: string;
  amount_minor: bigint | null;
  adjustment_minor: bigint | null;
  opened_at: Date;
  opened_source: string;
  opened_recorded_at: Date;
  resolved_at: Date | null;
  resolved_source: string | null;
  resolved_recorded_at: Date | null;
}

export async function insertDispute(
  tx: pg.PoolClient,
  dispute: {
    disputeId: string;
    invoiceId: string;
    reason: string;
    reasonCode: string;
    amountMinor: bigint | null;
    openedAt: Date;
    source: string;
  },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO disputes (dispute_id, invoice_id, status, reason, reason_code, amount_minor, opened_at,
                                 opened_source)
           VALUES ($1, $2, 'open', $3, $4, $5, $6, $7)`,
    values: [
      dispute.disputeId,
      dispute.invoiceId,
      dispute.reason,
      dispute.reasonCode,
      dispute.amountMinor,
      dispute.openedAt,
      dispute.source,
    ],
  });
}

export async function findDisputeForUpdate(
  tx: pg.PoolClient,
  disputeId: string,
): Promise<DisputeRow | undefined> {
  const result = await tx.query<DisputeRow>({
    text: 'SELECT * FROM disputes WHERE dispute_id = $1 FOR UPDATE',
    values: [disputeId],
  });
  return result.rows[0];
}

export async function resolveDispute(
  tx: pg.PoolClient,
  resolution: {
    disputeId: string;
    status: 'upheld' | 'rejected' | 'adjusted';
    adjustmentMinor: bigint | null;
    resolvedAt: Date;
    source: string;
  },
): Promise<void> {
  await tx.query({
    text: `UPDATE disputes SET status = $2, adjustment_minor = $3, resolved_at = $4, resolved_source = $5,
               resolved_recorded_at = clock_timestamp()
           WHERE dispute_id = $1`,
    values: [
      resolution.disputeId,
      resolution.status,
      resolution.adjustmentMinor,
      resolution.resolvedAt,
      resolution.source,
    ],
  });
}

export async function listDisputes(db: pg.Pool | pg.PoolClient, invoiceId: string): Promise<DisputeRow[]> {
  const result = await db.query<DisputeRow>({
    text: 'SELECT * FROM disputes WHERE invoice_id = $1 ORDER BY opened_at, dispute_id',
    values: [invoiceId],
  });
  return result.rows;
}
