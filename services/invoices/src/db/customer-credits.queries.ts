import type pg from 'pg';

export type CreditSourceKind = 'payment' | 'credit';

export interface CreditLot {
  source_kind: CreditSourceKind;
  source_id: string;
  available_minor: bigint;
}

export async function addCustomerCredit(
  tx: pg.PoolClient,
  credit: {
    customerId: string;
    currency: string;
    amountMinor: bigint;
    sourceKind: CreditSourceKind;
    sourceId: string;
    occurredAt: Date;
  },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO customer_credits (customer_id, currency, amount_minor, source_kind, source_id, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
    values: [
      credit.customerId,
      credit.currency,
      credit.amountMinor,
      credit.sourceKind,
      credit.sourceId,
      credit.occurredAt,
    ],
  });
}

/** Books credit lots as used by an invoice, in one statement. */
export async function useCustomerCredit(
  tx: pg.PoolClient,
  use: { customerId: string; currency: string; invoiceId: string; occurredAt: Date },
  lots: { sourceKind: CreditSourceKind; sourceId: string; amountMinor: bigint }[],
): Promise<void> {
  if (lots.length === 0) return;
  await tx.query({
    text: `INSERT INTO customer_credits
             (customer_id, currency, amount_minor, source_kind, source_id, invoice_id, occurred_at)
           SELECT $1, $2, -u.amount, u.kind, u.id, $3, $4
           FROM unnest($5::bigint[], $6::text[], $7::text[]) AS u(amount, kind, id)`,
    values: [
      use.customerId,
      use.currency,
      use.invoiceId,
      use.occurredAt,
      lots.map((lot) => lot.amountMinor),
      lots.map((lot) => lot.sourceKind),
      lots.map((lot) => lot.sourceId),
    ],
  });
}

export interface CreditBalanceRow {
  currency: string;
  source_kind: CreditSourceKind;
  source_id: string;
  available_minor: bigint;
}

/** Every unused credit lot of a customer, for the statement. */
export async function customerCreditLots(
  db: pg.Pool | pg.PoolClient,
  customerId: string,
): Promise<CreditBalanceRow[]> {
  const result = await db.query<CreditBalanceRow>({
    text: `SELECT currency, source_kind, source_id, sum(amount_minor)::bigint AS available_minor
           FROM customer_credits WHERE customer_id = $1
           GROUP BY currency, source_kind, source_id HAVING sum(amount_minor) > 0
           ORDER BY currency, min(entry_id)`,
    values: [customerId],
  });
  return result.rows;
}

/**
 * The customer's time zone and unused credit in one currency, oldest lot first: one statement when an
 * invoice arrives. The caller holds the customer's advisory lock, taken in an earlier statement so
 * that this one reads what the previous holder committed.
 */
export async function customerWithCredit(
  tx: pg.PoolClient,
  customerId: string,
  currency: string,
): Promise<{ timeZone: string; lots: CreditLot[] }> {
  const result = await tx.query<{
    time_zone: string | null;
    lots: { source_kind: CreditSourceKind; source_id: string; available_minor: string }[];
  }>({
    text: `SELECT (SELECT COALESCE(profile->>'timezone', 'UTC') FROM customers WHERE customer_id = $1) AS time_zone,
                  COALESCE((SELECT json_agg(l ORDER BY l.first_entry) FROM (
                    SELECT source_kind, source_id, sum(amount_minor)::text AS available_minor,
                           min(entry_id) AS first_entry
                    FROM customer_credits WHERE customer_id = $1 AND currency = $2
                    GROUP BY source_kind, source_id HAVING sum(amount_minor) > 0) l), '[]'::json) AS lots`,
    values: [customerId, currency],
  });
  const row = result.rows[0];
  return {
    timeZone: row?.time_zone ?? 'UTC',
    lots: (row?.lots ?? []).map((lot) => ({
      source_kind: lot.source_kind,
      source_id: lot.source_id,
      available_minor: BigInt(lot.available_minor),
    })),
  };
}
