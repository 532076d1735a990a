import { ERP_CUSTOMER_UPSERTED, ERP_INVOICE_ISSUED, type ErpEvent } from '@dunning/contracts';
import { type EventHandler, RejectedEventError } from '@dunning/kafka';
import type { CommandContext } from '../commands/command-context.ts';
import { issueInvoice } from '../commands/issue-invoice.ts';
import { upsertCustomer } from '../commands/upsert-customer.ts';

/** ERP events from erp.events.v1 take the same command path as the HTTP API. */
export function handleErpEvent(context: CommandContext): EventHandler<ErpEvent> {
  return async (event, tx) => {
    switch (event.type) {
      case ERP_CUSTOMER_UPSERTED: {
        const outcome = await upsertCustomer(tx, context, event.data);
        return outcome.status === 'updated'
          ? { status: 'applied' }
          : { status: 'skipped', reason: 'unchanged' };
      }
      case ERP_INVOICE_ISSUED: {
        const outcome = await issueInvoice(tx, context, event.data);
        if (outcome.status === 'conflict') {
          throw new RejectedEventError(`invoice ${event.data.invoiceId} exists with a different body`);
        }
        return outcome.status === 'created'
          ? { status: 'applied' }
          : { status: 'skipped', reason: 'duplicate' };
      }
      default:
        // Kept on the DLQ, replayable, until the ledger applies this type.
        throw new RejectedEventError(`${event.type} is not applied by the ledger yet`);
    }
  };
}
