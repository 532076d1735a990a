import {
  type AlertKind,
  createEvent,
  RISK_ALERT_RAISED,
  RISK_ALERT_RESOLVED,
  type RiskAlertRaisedData,
} from '@dunning/contracts';
import { writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { findAlert, insertAlert, markAlertResolved, type StoredAlert } from '../db/alerts.queries.ts';
import { markCustomerDirty } from '../db/customers.queries.ts';
import { sameAlert } from '../domain/alerts.ts';
import { type CommandContext, RISK_SOURCE } from './command-context.ts';

export type RaiseAlertOutcome = { status: 'created' | 'duplicate' | 'conflict'; alert: StoredAlert };
export type ResolveAlertOutcome =
  | { status: 'resolved' | 'already-resolved'; alert: StoredAlert }
  | { status: 'not-found' };

function raisedData(alert: StoredAlert): RiskAlertRaisedData {
  return {
    alertId: alert.alertId,
    customerId: alert.customerId,
    kind: alert.kind,
    note: alert.note,
    raisedAt: alert.raisedAt.toISOString(),
  };
}

/**
 * Raises a business alert, the one path of `POST /v1/customers/:customerId/alerts` and of
 * `erp.customer.alert`: kept once per alertId (the same body again is a duplicate, another body a
 * conflict), the customer marked for re-assessment (the assessor turns it red and holds credit) and
 * `risk.alert.raised` written to the outbox, all in the caller's transaction.
 */
export async function raiseAlert(
  tx: pg.PoolClient,
  context: CommandContext,
  input: { alertId: string; customerId: string; kind: AlertKind; note: string | null; raisedAt: Date },
): Promise<RaiseAlertOutcome> {
  const created = await insertAlert(tx, input);
  if (!created) {
    const stored = (await findAlert(tx, input.alertId)) as StoredAlert;
    return { status: sameAlert(stored, input) ? 'duplicate' : 'conflict', alert: stored };
  }
  await markCustomerDirty(tx, {
    customerId: created.customerId,
    trigger: `alert raised: ${created.kind}`,
    seenAt: created.raisedAt,
  });
  await writeToOutbox(tx, context.schema, [
    {
      topic: context.riskTopic,
      key: created.customerId,
      event: createEvent({
        type: RISK_ALERT_RAISED,
        source: RISK_SOURCE,
        subject: created.customerId,
        data: raisedData(created),
      }),
    },
  ]);
  return { status: 'created', alert: created };
}

/**
 * Resolves an alert (HTTP `POST /v1/alerts/:alertId/resolve` or `erp.customer.alert-resolved`): the
 * customer is re-assessed, and the hold lifts if nothing else holds it; resolved already: nothing
 * changes (the first resolution is kept).
 */
export async function resolveAlert(
  tx: pg.PoolClient,
  context: CommandContext,
  input: { alertId: string; note: string | null; resolvedAt: Date },
): Promise<ResolveAlertOutcome> {
  const resolved = await markAlertResolved(tx, input);
  if (!resolved) {
    const stored = await findAlert(tx, input.alertId);
    return stored ? { status: 'already-resolved', alert: stored } : { status: 'not-found' };
  }
  await markCustomerDirty(tx, {
    customerId: resolved.customerId,
    trigger: `alert resolved: ${resolved.kind}`,
    seenAt: resolved.raisedAt,
  });
  await writeToOutbox(tx, context.schema, [
    {
      topic: context.riskTopic,
      key: resolved.customerId,
      event: createEvent({
        type: RISK_ALERT_RESOLVED,
        source: RISK_SOURCE,
        subject: resolved.customerId,
        data: {
          ...raisedData(resolved),
          resolutionNote: resolved.resolutionNote,
          resolvedAt: (resolved.resolvedAt as Date).toISOString(),
        },
      }),
    },
  ]);
  return { status: 'resolved', alert: resolved };
}
