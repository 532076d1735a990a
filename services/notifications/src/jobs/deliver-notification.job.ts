import { type Channel, traceContextOf } from '@dunning/contracts';
import type { Logger } from '@dunning/service-runtime';
import { inSpan, SpanKind, type Tracer } from '@dunning/tracing';
import { DelayedError, type Job } from 'bullmq';
import type pg from 'pg';
import { DeliveryError, type NoticeChannel } from '../channels/channel.ts';
import { renderLetterPdf } from '../channels/letter-pdf.ts';
import {
  type OutcomeContext,
  recordDelivered,
  recordDropped,
  recordFailed,
} from '../commands/record-outcome.ts';
import { renderAction } from '../commands/render-notice.ts';
import { findCustomer } from '../db/customers.queries.ts';
import {
  type DeliveryRow,
  findDelivery,
  markSending,
  noteTransientFailure,
  sentTimesSince,
} from '../db/deliveries.queries.ts';
import { findInvoiceBalances } from '../db/invoice-balances.queries.ts';
import { findPreferences } from '../db/preferences.queries.ts';
import { decideContact, type QuietHours } from '../domain/contact-rules.ts';
import { messageIdFor } from '../domain/delivery-id.ts';
import { dropReason } from '../domain/invoice-balance.ts';
import type { Sender } from '../domain/notice-variables.ts';
import { deliveries, deliverySeconds } from '../metrics.ts';
import type { TemplateLibrary } from '../templates/template-library.ts';
import type { DeliveryJobData } from './delivery-queue.ts';

export interface DeliverNotificationDeps extends OutcomeContext {
  library: TemplateLibrary;
  sender: Sender;
  channels: Record<Channel, NoticeChannel>;
  dayMs: number;
  quietHours: QuietHours;
  dailyCap: number;
  now: () => Date;
  logger: Logger;
  /** Queues the job of a delivery (a fallback queued by a permanent failure). */
  enqueue: (deliveryId: string) => Promise<void>;
  /**
   * Called once the notice is stored as 'sending' (`rendered`) and once the channel accepted it
   * (`sent`), before the outcome is recorded. Not set in production; the crash tests' own entry
   * point (test/support/main-with-crash.ts) kills the process there.
   */
  checkpoint?: (point: DeliveryCheckpoint) => void;
}

export type DeliveryCheckpoint = 'rendered' | 'sent';

export type DeliveryOutcome = 'sent' | 'failed' | 'dropped' | 'already-finished';

// The consumer enqueues inside its transaction; the job may start before that commits.
async function awaitDelivery(pool: pg.Pool, deliveryId: string): Promise<DeliveryRow> {
  for (let wait = 25; wait < 2000; wait *= 2) {
    const delivery = await findDelivery(pool, deliveryId);
    if (delivery) return delivery;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new Error(`delivery ${deliveryId} is not recorded (yet)`);
}

/**
 * Delivers one notice. At-least-once: the rendered notice is stored as 'sending' before the channel
 * is called and 'sent' after; a crash before the channel call is simply retried, a crash after the
 * channel accepted but before 'sent' is recorded resends with the same Message-ID / idempotency key.
 * Every run (the first, one after quiet hours or the daily cap, a retry) first checks the ledger's
 * latest balance facts: a notice none of whose invoices is still owed is dropped, not sent.
 */
export function deliverNotification(deps: DeliverNotificationDeps) {
  return async (job: Job<DeliveryJobData>, token?: string): Promise<DeliveryOutcome> => {
    const delivery = await awaitDelivery(deps.pool, job.data.deliveryId);
    if (delivery.status !== 'pending' && delivery.status !== 'sending') return 'already-finished';
    const settled = dropReason(
      delivery.invoice_ids,
      await findInvoiceBalances(deps.pool, delivery.invoice_ids),
    );
    const count = (outcome: string) => deliveries.inc({ channel: delivery.channel, outcome });
    if (settled) {
      await recordDropped(deps, delivery, { reason: settled, droppedAt: deps.now() });
      count('dropped');
      deps.logger.info({ deliveryId: delivery.delivery_id, reason: settled }, 'dropped');
      return 'dropped';
    }
    const channel = deps.channels[delivery.channel];
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const now = deps.now();
    try {
      const customer = await findCustomer(deps.pool, delivery.customer_id);
      // The ledger may not have published the customer yet: transient.
      if (!customer)
        throw new DeliveryError(`customer ${delivery.customer_id} is not known yet`, { permanent: false });
      const decision = decideContact({
        channel: delivery.channel,
        preferences: await findPreferences(deps.pool, delivery.customer_id),
        timeZone: customer.timezone,
        now,
        dayMs: deps.dayMs,
        defaultQuietHours: deps.quietHours,
        defaultDailyCap: deps.dailyCap,
        recentSends: await sentTimesSince(
          deps.pool,
          delivery.customer_id,
          new Date(now.getTime() - deps.dayMs),
        ),
      });
      if (decision.kind === 'refuse') throw new DeliveryError(decision.reason, { permanent: true });
      if (decision.kind === 'defer') {
        deps.logger.info(
          { deliveryId: delivery.delivery_id, until: decision.until, reason: decision.reason },
          'deferred',
        );
        await job.updateData({ ...job.data, heldUntil: decision.until.toISOString() });
        await job.moveToDelayed(decision.until.getTime(), token);
        count('deferred');
        throw new DelayedError();
      }
      const recipient = channel.recipient(customer);
      const { variables, rendered } = renderAction(deps.library, deps.sender, delivery.action, customer);
      const letter =
        delivery.channel === 'letter'
          ? await renderLetterPdf(variables, rendered, new Date(delivery.action.requestedAt))
          : undefined;
      const messageId = messageIdFor(delivery.delivery_id);
      await markSending(deps.pool, delivery.delivery_id, {
        locale: rendered.locale,
        recipient,
        subject: delivery.channel === 'sms' ? '' : rendered.subject,
        bodyText: delivery.channel === 'sms' ? rendered.sms : rendered.text,
        bodyHtml: delivery.channel === 'email' ? rendered.html : null,
        messageId,
      });
      deps.checkpoint?.('rendered');
      if (delivery.status === 'sending') {
        deps.logger.warn(
          { deliveryId: delivery.delivery_id },
          'resending: an earlier attempt may have been accepted',
        );
      }
      await channel.send({ deliveryId: delivery.delivery_id, messageId, customer, rendered });
      deps.checkpoint?.('sent');
      const sentAt = deps.now();
      await recordDelivered(deps, { ...delivery, locale: rendered.locale }, sentAt, letter);
      count('sent');
      const from = Math.max(delivery.requested_at.getTime(), Date.parse(job.data.heldUntil ?? '') || 0);
      deliverySeconds.observe({ channel: delivery.channel }, Math.max(0, sentAt.getTime() - from) / 1000);
      return 'sent';
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError((error as Error).message, { permanent: false });
      if (failure.permanent || lastAttempt) {
        const reason = failure.permanent
          ? failure.message
          : `gave up after ${job.attemptsMade + 1} attempts: ${failure.message}`;
        const recorded = await recordFailed(deps, delivery, {
          reason,
          permanent: failure.permanent,
          failedAt: deps.now(),
        });
        deps.logger.warn(
          { deliveryId: delivery.delivery_id, reason, fallback: recorded?.fallback },
          'delivery failed',
        );
        // After the commit; if this fails, the fallback stays pending and the minute sweep queues it.
        count('failed');
        if (recorded?.fallback) await deps.enqueue(recorded.fallback.deliveryId);
        return 'failed';
      }
      await noteTransientFailure(deps.pool, delivery.delivery_id, failure.message);
      count('retry');
      throw failure;
    }
  };
}

/** Each delivery attempt as a span in the trace of the action request that asked for it (tracing on). */
export function tracedDelivery(
  tracer: Tracer | undefined,
  deliver: (job: Job<DeliveryJobData>, token?: string) => Promise<DeliveryOutcome>,
) {
  if (!tracer) return deliver;
  return (job: Job<DeliveryJobData>, token?: string): Promise<DeliveryOutcome> =>
    inSpan(
      tracer,
      'deliver notification',
      {
        kind: SpanKind.CONSUMER,
        parent: traceContextOf(job.data),
        attributes: {
          'notification.delivery_id': job.data.deliveryId,
          'bullmq.attempt': job.attemptsMade + 1,
        },
      },
      () => deliver(job, token),
    );
}
