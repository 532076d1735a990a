import { lockKey } from '@dunning/pg';
import type pg from 'pg';
import type { OpenBalance } from '../domain/concentration.ts';

export async function openBalances(tx: pg.PoolClient): Promise<OpenBalance[]> {
  const result = await tx.query<{ customer_id: string; currency: string; open_minor: string }>({
    text: `SELECT customer_id, currency, sum(balance_minor) AS open_minor FROM risk_invoices
           WHERE status = 'open' AND balance_minor > 0 GROUP BY customer_id, currency`,
    values: [],
  });
  return result.rows.map((r) => ({
    customerId: r.customer_id,
    currency: r.currency,
    openMinor: BigInt(r.open_minor),
  }));
}

export interface ConcentrationFlag {
  customerId: string;
  currency: string;
  share: number;
  exposureMinor: bigint;
  flaggedAt: Date;
}

export async function listFlags(db: pg.Pool | pg.PoolClient): Promise<ConcentrationFlag[]> {
  const result = await db.query<{
    customer_id: string;
    currency: string;
    share: number;
    exposure_minor: string;
    flagged_at: Date;
  }>({
    text: 'SELECT * FROM risk_concentration_flags ORDER BY share DESC, customer_id',
    values: [],
  });
  return result.rows.map((r) => ({
    customerId: r.customer_id,
    currency: r.currency,
    share: r.share,
    exposureMinor: BigInt(r.exposure_minor),
    flaggedAt: r.flagged_at,
  }));
}

export async function upsertFlag(tx: pg.PoolClient, flag: ConcentrationFlag): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_concentration_flags (customer_id, currency, share, exposure_minor, flagged_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (customer_id, currency) DO UPDATE SET share = excluded.share,
             exposure_minor = excluded.exposure_minor`,
    values: [flag.customerId, flag.currency, flag.share, flag.exposureMinor, flag.flaggedAt],
  });
}

export async function deleteFlag(tx: pg.PoolClient, customerId: string, currency: string): Promise<void> {
  await tx.query({
    text: 'DELETE FROM risk_concentration_flags WHERE customer_id = $1 AND currency = $2',
    values: [customerId, currency],
  });
}

/** Serialises concentration passes of several instances, so a flag is published once. */
export async function lockConcentration(tx: pg.PoolClient, schema: string): Promise<void> {
  await tx.query({ text: 'SELECT pg_advisory_xact_lock($1)', values: [lockKey(schema, 'concentration')] });
}
