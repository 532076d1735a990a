import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export interface ChargeRow {
  charge_id: string;
  customer_id: string;
  notice_id: string;
  invoice_id: string | null;
  invoice_ids: string[];
  kind: 'fee' | 'interest';
  currency: string;
  amount_minor: bigint;
  description: string;
  annual_rate: string | null;
  principal_minor: bigint | null;
  period_from: number | null;
  period_to: number | null;
  levied_at: Date;
  booked_at: Date;
  source_event_id: string;
  waived_at: Date | null;
  waive_reason: string | null;
  waived_by: string | null;
}

export type NewCharge = Omit<ChargeRow, 'waived_at' | 'waive_reason' | 'waived_by'>;

const COLUMNS = `charge_id, customer_id, notice_id, invoice_id, invoice_ids, kind, currency, amount_minor, description,
  annual_rate, principal_minor, period_from, period_to, levied_at, booked_at, source_event_id, waived_at, waive_reason,
  waived_by`;

/** Books the charge unless its id is booked already; returns the row when it was booked now. */
export async function insertCharge(tx: pg.PoolClient, charge: NewCharge): Promise<ChargeRow | undefined> {
  const result = await tx.query<ChargeRow>({
    text: `INSERT INTO charges (charge_id, customer_id, notice_id, invoice_id, invoice_ids, kind, currency, amount_minor,
             description, annual_rate, principal_minor, period_from, period_to, levied_at, booked_at, source_event_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (charge_id) DO NOTHING
           RETURNING ${COLUMNS}`,
    values: [
      charge.charge_id,
      charge.customer_id,
      charge.notice_id,
      charge.invoice_id,
      charge.invoice_ids,
      charge.kind,
      charge.currency,
      charge.amount_minor,
      charge.description,
      charge.annual_rate,
      charge.principal_minor,
      charge.period_from,
      charge.period_to,
      charge.levied_at,
      charge.booked_at,
      charge.source_event_id,
    ],
  });
  return result.rows[0];
}

export async function findCharge(db: Db, chargeId: string, lock = false): Promise<ChargeRow | undefined> {
  const result = await db.query<ChargeRow>({
    text: `SELECT ${COLUMNS} FROM charges WHERE charge_id = $1${lock ? ' FOR UPDATE' : ''}`,
    values: [chargeId],
  });
  return result.rows[0];
}

/** Books the reversal of a charge not waived yet; undefined when it was waived already. */
export async function markChargeWaived(
  tx: pg.PoolClient,
  chargeId: string,
  reason: string,
  by: string | null,
  at: Date,
): Promise<ChargeRow | undefined> {
  const result = await tx.query<ChargeRow>({
    text: `UPDATE charges SET waived_at = $2, waive_reason = $3, waived_by = $4
           WHERE charge_id = $1 AND waived_at IS NULL RETURNING ${COLUMNS}`,
    values: [chargeId, at, reason, by],
  });
  return result.rows[0];
}

/** The customer's charges, open and waived, oldest levied first. */
export async function listCustomerCharges(db: Db, customerId: string): Promise<ChargeRow[]> {
  const result = await db.query<ChargeRow>({
    text: `SELECT ${COLUMNS} FROM charges WHERE customer_id = $1 ORDER BY levied_at, charge_id`,
    values: [customerId],
  });
  return result.rows;
}

/** Charges about an invoice: its interest, and the fees of notices that listed it. */
export async function listInvoiceCharges(db: Db, invoiceId: string): Promise<ChargeRow[]> {
  const result = await db.query<ChargeRow>({
    text: `SELECT ${COLUMNS} FROM charges WHERE invoice_ids @> ARRAY[$1::text] ORDER BY levied_at, charge_id`,
    values: [invoiceId],
  });
  return result.rows;
}
