import type pg from 'pg';

export interface NotificationFailure {
  notificationId: string;
  actionId: string;
  channel: string;
  step: string;
  reason: string;
  permanent: boolean;
  failedAt: string;
  /** The same notice queued on another channel instead (notifications' fallback). */
  fallbackChannel?: string;
  fallbackNotificationId?: string;
}

/**
 * A `notification-failed` entry on the timeline of each of these invoices that has a case. The
 * partial unique index (invoice, notificationId) makes a redelivered failure, under any event id, add
 * nothing. Returns the invoices that got an entry.
 */
export async function addNotificationFailure(
  tx: pg.PoolClient,
  invoiceIds: readonly string[],
  failure: NotificationFailure,
  at: Date,
): Promise<string[]> {
  const result = await tx.query<{ invoice_id: string }>({
    text: `INSERT INTO case_timeline (invoice_id, at, kind, detail)
           SELECT c.invoice_id, $2, 'notification-failed', $3::jsonb
           FROM dunning_cases c WHERE c.invoice_id = ANY($1::text[])
           ON CONFLICT (invoice_id, (detail ->> 'notificationId')) WHERE kind = 'notification-failed' DO NOTHING
           RETURNING invoice_id`,
    values: [invoiceIds, at, JSON.stringify(failure)],
  });
  return result.rows.map((row) => row.invoice_id);
}
