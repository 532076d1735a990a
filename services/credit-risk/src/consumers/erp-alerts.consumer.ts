import { ERP_CUSTOMER_ALERT, ERP_CUSTOMER_ALERT_RESOLVED, type ErpEvent } from '@dunning/contracts';
import { type EventHandler, RejectedEventError } from '@dunning/kafka';
import { raiseAlert, resolveAlert } from '../commands/alerts.ts';
import type { CommandContext } from '../commands/command-context.ts';

/**
 * Business alerts from the ERP, through the same commands as the HTTP routes; the rest of the ERP
 * stream is the ledger's and is skipped. An alert id reused with another body, or a resolution of an
 * alert never raised, can never apply: dead letter.
 */
export function erpAlertHandler(context: CommandContext): EventHandler<ErpEvent> {
  return async (event, tx) => {
    if (event.type === ERP_CUSTOMER_ALERT) {
      const { data } = event;
      const outcome = await raiseAlert(tx, context, {
        alertId: data.alertId,
        customerId: data.customerId,
        kind: data.kind,
        note: data.note ?? null,
        raisedAt: new Date(data.raisedAt),
      });
      if (outcome.status === 'conflict') {
        throw new RejectedEventError(`alert ${data.alertId} exists with another customer, kind or note`);
      }
      return outcome.status === 'created'
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'duplicate' };
    }
    if (event.type === ERP_CUSTOMER_ALERT_RESOLVED) {
      const { data } = event;
      const outcome = await resolveAlert(tx, context, {
        alertId: data.alertId,
        note: data.note ?? null,
        resolvedAt: new Date(data.resolvedAt),
      });
      if (outcome.status === 'not-found')
        throw new RejectedEventError(`alert ${data.alertId} was never raised`);
      return outcome.status === 'resolved'
        ? { status: 'applied' }
        : { status: 'skipped', reason: 'resolved already' };
    }
    return { status: 'skipped', reason: `${event.type} is the ledger's` };
  };
}
