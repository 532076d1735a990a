import type pg from 'pg';
import type { Charge } from '../domain/charges.ts';

type Db = pg.Pool | pg.PoolClient;

/** Per invoice, the last day overdue up to which a notice levied interest (absent: none yet). */
export async function interestThroughDays(tx: Db, invoiceIds: string[]): Promise<Map<string, number>> {
  if (invoiceIds.length === 0) return new Map();
  const result = await tx.query<{ invoice_id: string; through: number }>({
    text: `SELECT invoice_id, max(period_to) AS through FROM levied_charges
           WHERE kind = 'interest' AND invoice_id = ANY($1::text[]) GROUP BY invoice_id`,
    values: [invoiceIds],
  });
  return new Map(result.rows.map((row) => [row.invoice_id, row.through]));
}

export interface LeviedCharge extends Charge {
  noticeStepId: string;
  customerId: string;
}

/** Records charges; returns the ids newly recorded (a charge id already there is not levied again). */
export async function insertLeviedCharges(
  tx: pg.PoolClient,
  charges: LeviedCharge[],
  at: Date,
): Promise<Set<string>> {
  if (charges.length === 0) return new Set();
  const result = await tx.query<{ charge_id: string }>({
    text: `INSERT INTO levied_charges (charge_id, notice_step_id, customer_id, invoice_id, invoice_ids, kind, currency,
             amount_minor, period_from, period_to, levied_at)
           SELECT x.charge_id, x.notice_step_id, x.customer_id, x.invoice_id,
                  ARRAY(SELECT jsonb_array_elements_text(x.invoice_ids)), x.kind, x.currency, x.amount_minor,
                  x.period_from, x.period_to, $11
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[],
                       $8::bigint[], $9::int[], $10::int[])
             AS x (charge_id, notice_step_id, customer_id, invoice_id, invoice_ids, kind, currency, amount_minor,
                   period_from, period_to)
           ON CONFLICT (charge_id) DO NOTHING
           RETURNING charge_id`,
    values: [
      charges.map((c) => c.chargeId),
      charges.map((c) => c.noticeStepId),
      charges.map((c) => c.customerId),
      charges.map((c) => c.invoiceId ?? null),
      charges.map((c) => JSON.stringify(c.invoiceIds)),
      charges.map((c) => c.kind),
      charges.map((c) => c.currency),
      charges.map((c) => c.amountMinor.toString()),
      charges.map((c) => c.period?.fromDay ?? null),
      charges.map((c) => c.period?.toDay ?? null),
      at,
    ],
  });
  return new Set(result.rows.map((row) => row.charge_id));
}

export interface OpenChargeRow {
  charge_id: string;
  customer_id: string;
  invoice_id: string | null;
  kind: 'fee' | 'interest';
  currency: string;
  amount_minor: bigint;
  levied_at: Date;
}

/** The customers' booked charges not waived, oldest first. */
export async function openLedgerCharges(tx: Db, customerIds: string[]): Promise<OpenChargeRow[]> {
  if (customerIds.length === 0) return [];
  const result = await tx.query<OpenChargeRow>({
    text: `SELECT charge_id, customer_id, invoice_id, kind, currency, amount_minor, levied_at FROM ledger_charges
           WHERE customer_id = ANY($1::text[]) AND status = 'open' ORDER BY levied_at, charge_id`,
    values: [customerIds],
  });
  return result.rows;
}

export interface LedgerChargeFact {
  chargeId: string;
  customerId: string;
  invoiceId?: string | undefined;
  kind: 'fee' | 'interest';
  currency: string;
  amountMinor: bigint;
  leviedAt: Date;
}

/**
 * Keeps the ledger's word on a charge: booked opens it (once), waived closes it for good, whichever
 * arrives first. Returns whether anything changed.
 */
export async function recordLedgerCharge(
  tx: pg.PoolClient,
  fact: LedgerChargeFact,
  status: 'open' | 'waived',
  at: Date,
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO ledger_charges (charge_id, customer_id, invoice_id, kind, currency, amount_minor, levied_at,
             status, changed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (charge_id) DO UPDATE SET status = 'waived', changed_at = EXCLUDED.changed_at
             WHERE EXCLUDED.status = 'waived' AND ledger_charges.status = 'open'`,
    values: [
      fact.chargeId,
      fact.customerId,
      fact.invoiceId ?? null,
      fact.kind,
      fact.currency,
      fact.amountMinor.toString(),
      fact.leviedAt,
      status,
      at,
    ],
  });
  return (result.rowCount ?? 0) > 0;
}
