import type { Channel, DunningActionRequestedData, Locale } from '@dunning/contracts';
import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';

export interface DeliveryRow {
  delivery_id: string;
  action_id: string;
  channel: Channel;
  customer_id: string;
  invoice_ids: string[];
  step: string;
  template_key: string;
  action: DunningActionRequestedData;
  status: DeliveryStatus;
  locale: Locale | null;
  recipient: string | null;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  message_id: string | null;
  attempts: number;
  failure_reason: string | null;
  permanent_failure: boolean | null;
  requested_at: Date;
  created_at: Date;
  sent_at: Date | null;
  failed_at: Date | null;
  drop_reason: string | null;
  dropped_at: Date | null;
  /** Set on a fallback delivery: the delivery that failed for good. */
  fallback_of: string | null;
  /** The fallback delivery queued when this one failed for good. */
  fallback_delivery_id: string | null;
  bounced_at: Date | null;
}

// Every read names the fallback queued for a delivery, if any (one at most: a unique index).
const selectDeliveries = `SELECT d.*,
  (SELECT f.delivery_id FROM deliveries f WHERE f.fallback_of = d.delivery_id) AS fallback_delivery_id
  FROM deliveries d`;

/** Records the action's delivery; false when this (action, channel) already has one. */
export async function insertDelivery(
  db: Db,
  deliveryId: string,
  action: DunningActionRequestedData,
): Promise<boolean> {
  const result = await db.query({
    text: `INSERT INTO deliveries (delivery_id, action_id, channel, customer_id, invoice_ids, step, template_key,
                                   action, requested_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT DO NOTHING`,
    values: [
      deliveryId,
      action.actionId,
      action.channel,
      action.customerId,
      action.invoices.map((invoice) => invoice.invoiceId),
      action.step,
      action.templateKey,
      JSON.stringify(action),
      action.requestedAt,
    ],
  });
  return result.rowCount === 1;
}

/**
 * Queues the same notice on `channel` as the fallback of a delivery that failed for good. False when
 * it exists already, or when the action already has a delivery on that channel (UNIQUE (action_id,
 * channel)): a fallback never goes back to a channel tried before.
 */
export async function insertFallbackDelivery(
  tx: pg.PoolClient,
  fallbackId: string,
  failed: DeliveryRow,
  channel: Channel,
): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO deliveries (delivery_id, action_id, channel, customer_id, invoice_ids, step, template_key,
                                   action, requested_at, fallback_of)
           SELECT $1, action_id, $3, customer_id, invoice_ids, step, template_key, action, requested_at, delivery_id
           FROM deliveries WHERE delivery_id = $2
           ON CONFLICT DO NOTHING`,
    values: [fallbackId, failed.delivery_id, channel],
  });
  return result.rowCount === 1;
}

/** The channels an action has deliveries on (its own and its fallbacks). */
export async function actionChannels(db: Db, actionId: string): Promise<Channel[]> {
  const result = await db.query<{ channel: Channel }>({
    text: 'SELECT channel FROM deliveries WHERE action_id = $1',
    values: [actionId],
  });
  return result.rows.map((row) => row.channel);
}

/**
 * A sent email the mail provider reported as bounced: failed for good. Also from 'sending' (the server
 * accepted it, the crash came before 'sent' was recorded). False when it is not an email in one of
 * those states (a second report of the same bounce finds it failed already).
 */
export async function markBounced(
  tx: pg.PoolClient,
  deliveryId: string,
  bounce: { reason: string; bouncedAt: Date },
): Promise<boolean> {
  const result = await tx.query({
    text: `UPDATE deliveries SET status = 'failed', failure_reason = $2, permanent_failure = true,
                  failed_at = $3, bounced_at = $3
           WHERE delivery_id = $1 AND channel = 'email' AND status IN ('sent', 'sending')`,
    values: [deliveryId, bounce.reason, bounce.bouncedAt],
  });
  return result.rowCount === 1;
}

export async function findDelivery(db: Db, deliveryId: string): Promise<DeliveryRow | undefined> {
  const result = await db.query<DeliveryRow>({
    text: `${selectDeliveries} WHERE d.delivery_id = $1`,
    values: [deliveryId],
  });
  return result.rows[0];
}

/** The rendered notice, stored before it is handed to the channel: from here a crash may mean "sent". */
export async function markSending(
  db: Db,
  deliveryId: string,
  rendered: {
    locale: Locale;
    recipient: string;
    subject: string;
    bodyText: string;
    bodyHtml: string | null;
    messageId: string;
  },
): Promise<void> {
  await db.query({
    text: `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, locale = $2, recipient = $3,
                  subject = $4, body_text = $5, body_html = $6, message_id = $7
           WHERE delivery_id = $1 AND status IN ('pending', 'sending')`,
    values: [
      deliveryId,
      rendered.locale,
      rendered.recipient,
      rendered.subject,
      rendered.bodyText,
      rendered.bodyHtml,
      rendered.messageId,
    ],
  });
}

export async function noteTransientFailure(db: Db, deliveryId: string, reason: string): Promise<void> {
  await db.query({
    text: 'UPDATE deliveries SET failure_reason = $2 WHERE delivery_id = $1',
    values: [deliveryId, reason],
  });
}

/** Returns false when the delivery had already reached a final state (a concurrent or replayed job). */
export async function markSent(db: Db, deliveryId: string, sentAt: Date): Promise<boolean> {
  const result = await db.query({
    text: `UPDATE deliveries SET status = 'sent', sent_at = $2, failure_reason = NULL
           WHERE delivery_id = $1 AND status IN ('pending', 'sending')`,
    values: [deliveryId, sentAt],
  });
  return result.rowCount === 1;
}

export async function markFailed(
  db: Db,
  deliveryId: string,
  failure: { reason: string; permanent: boolean; failedAt: Date },
): Promise<boolean> {
  const result = await db.query({
    text: `UPDATE deliveries SET status = 'failed', failure_reason = $2, permanent_failure = $3, failed_at = $4
           WHERE delivery_id = $1 AND status IN ('pending', 'sending')`,
    values: [deliveryId, failure.reason, failure.permanent, failure.failedAt],
  });
  return result.rowCount === 1;
}

/**
 * Records that the notice will not be sent (a delivery found 'sending' after a crash may have reached
 * its receiver once already; it is not sent again). False when it already had an outcome.
 */
export async function markDropped(
  db: Db,
  deliveryId: string,
  drop: { reason: string; droppedAt: Date },
): Promise<boolean> {
  const result = await db.query({
    text: `UPDATE deliveries SET status = 'dropped', drop_reason = $2, dropped_at = $3
           WHERE delivery_id = $1 AND status IN ('pending', 'sending')`,
    values: [deliveryId, drop.reason, drop.droppedAt],
  });
  return result.rowCount === 1;
}

/** When the customer's capped notices (email, SMS) went out since `since`, oldest first. */
export async function sentTimesSince(db: Db, customerId: string, since: Date): Promise<Date[]> {
  const result = await db.query<{ sent_at: Date }>({
    text: `SELECT sent_at FROM deliveries
           WHERE customer_id = $1 AND sent_at >= $2 AND channel IN ('email', 'sms') ORDER BY sent_at`,
    values: [customerId, since],
  });
  return result.rows.map((row) => row.sent_at);
}

export interface DeliveryFilter {
  invoiceId?: string | undefined;
  customerId?: string | undefined;
  channel?: Channel | undefined;
  status?: 'pending' | 'sent' | 'failed' | 'dropped' | undefined;
  limit: number;
}

/** Newest first. 'pending' in the log covers both pending and sending (outcome not known yet). */
export async function listDeliveries(db: Db, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  const statuses =
    filter.status === 'pending' ? ['pending', 'sending'] : filter.status ? [filter.status] : null;
  const result = await db.query<DeliveryRow>({
    text: `${selectDeliveries}
           WHERE ($1::text IS NULL OR d.invoice_ids @> ARRAY[$1::text])
             AND ($2::text IS NULL OR d.customer_id = $2)
             AND ($3::text IS NULL OR d.channel = $3)
             AND ($4::text[] IS NULL OR d.status = ANY($4))
           ORDER BY d.created_at DESC, d.delivery_id
           LIMIT $5`,
    values: [
      filter.invoiceId ?? null,
      filter.customerId ?? null,
      filter.channel ?? null,
      statuses,
      filter.limit,
    ],
  });
  return result.rows;
}

/** Deliveries without an outcome, for re-queueing after a restart or a lost Redis. */
export async function unfinishedDeliveryIds(db: Db, limit: number): Promise<string[]> {
  const result = await db.query<{ delivery_id: string }>({
    text: `SELECT delivery_id FROM deliveries WHERE status IN ('pending', 'sending') ORDER BY created_at LIMIT $1`,
    values: [limit],
  });
  return result.rows.map((row) => row.delivery_id);
}
