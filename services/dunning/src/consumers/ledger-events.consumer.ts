import { LEDGER_INVOICE_ISSUED, type LedgerEvent, toMinorUnits } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { openCase } from '../db/cases.queries.ts';

/** Ledger facts that start, change or end dunning. */
export const handleLedgerEvent: EventHandler<LedgerEvent> = async (event, tx) => {
  switch (event.type) {
    case LEDGER_INVOICE_ISSUED: {
      const { data } = event;
      const opened = await openCase(tx, {
        invoiceId: data.invoiceId,
        customerId: data.customerId,
        currency: data.currency,
        amountMinor: toMinorUnits(data.amount, data.currency),
        balanceMinor: toMinorUnits(data.balance, data.currency),
        dueDate: data.dueDate,
        eventId: event.id,
      });
      return opened ? { status: 'applied' } : { status: 'skipped', reason: 'case already open' };
    }
    default:
      return { status: 'skipped', reason: `${event.type} does not concern dunning` };
  }
};
