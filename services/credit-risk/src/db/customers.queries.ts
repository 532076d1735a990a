import type pg from 'pg';

/**
 * Records that something about the customer changed, in the event's transaction: the assessor re-scores
 * dirty customers, so a burst of events costs one assessment per assessor pass, not one per event.
 */
export async function markCustomerDirty(
  tx: pg.PoolClient,
  input: { customerId: string; trigger: string; seenAt: Date; industry?: string; paymentTermsDays?: number },
): Promise<void> {
  await tx.query({
    text: `INSERT INTO risk_customers (customer_id, industry, payment_terms_days, first_seen_at, dirty, dirty_trigger,
             dirty_events, dirty_since)
           VALUES ($1, $2, $5, $3, true, $4, 1, now())
           ON CONFLICT (customer_id) DO UPDATE SET
             industry = COALESCE(excluded.industry, risk_customers.industry),
             payment_terms_days = COALESCE(excluded.payment_terms_days, risk_customers.payment_terms_days),
             first_seen_at = LEAST(risk_customers.first_seen_at, excluded.first_seen_at),
             dirty = true,
             dirty_trigger = excluded.dirty_trigger,
             dirty_events = CASE WHEN risk_customers.dirty THEN risk_customers.dirty_events + 1 ELSE 1 END,
             dirty_since = COALESCE(risk_customers.dirty_since, now())`,
    values: [
      input.customerId,
      input.industry ?? null,
      input.seenAt,
      input.trigger,
      input.paymentTermsDays ?? null,
    ],
  });
}

export interface DirtyCustomer {
  customerId: string;
  trigger: string;
  events: number;
}

/** Locks the longest-waiting dirty customer no other assessor holds. */
export async function claimDirtyCustomer(tx: pg.PoolClient): Promise<DirtyCustomer | undefined> {
  const result = await tx.query<{ customer_id: string; dirty_trigger: string | null; dirty_events: number }>({
    text: `SELECT customer_id, dirty_trigger, dirty_events FROM risk_customers
           WHERE dirty ORDER BY dirty_since LIMIT 1 FOR UPDATE SKIP LOCKED`,
    values: [],
  });
  const row = result.rows[0];
  if (!row) return undefined;
  return { customerId: row.customer_id, trigger: row.dirty_trigger ?? 'unknown', events: row.dirty_events };
}

export async function markCustomerClean(tx: pg.PoolClient, customerId: string): Promise<void> {
  await tx.query({
    text: `UPDATE risk_customers SET dirty = false, dirty_events = 0, dirty_since = NULL WHERE customer_id = $1`,
    values: [customerId],
  });
}

/** Marks every customer for re-scoring, so lateness leaves its windows even without new events. */
export async function markAllCustomersDirty(db: pg.Pool, trigger: string): Promise<number> {
  const result = await db.query({
    text: `UPDATE risk_customers SET dirty = true, dirty_trigger = $1, dirty_events = 1, dirty_since = now()
           WHERE NOT dirty`,
    values: [trigger],
  });
  return result.rowCount ?? 0;
}

/** Moves a customer whose assessment failed to the back of the queue, still dirty. */
export async function postponeCustomer(db: pg.Pool, customerId: string): Promise<void> {
  await db.query({
    text: 'UPDATE risk_customers SET dirty_since = now() WHERE customer_id = $1 AND dirty',
    values: [customerId],
  });
}
