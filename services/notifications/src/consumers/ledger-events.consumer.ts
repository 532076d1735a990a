import { LEDGER_CUSTOMER_UPSERTED, type LedgerEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { upsertCustomer } from '../db/customers.queries.ts';
import { upsertInvoiceBalance } from '../db/invoice-balances.queries.ts';
import { balanceFact } from '../domain/invoice-balance.ts';

/**
 * The ledger's facts notices depend on: the customer directory (contact details from the customer
 * profile) and each invoice's latest balance (so a notice is not sent once nothing of it is owed).
 */
export function handleLedgerEvent(): EventHandler<LedgerEvent> {
  return async (event, tx) => {
    if (event.type === LEDGER_CUSTOMER_UPSERTED) {
      const { customerId, name, email, phone, locale, timezone, address } = event.data;
      const changed = await upsertCustomer(tx, customerId, {
        customerId,
        name,
        email,
        phone,
        locale,
        timezone,
        address,
      });
      return changed ? { status: 'applied' } : { status: 'skipped', reason: 'unchanged' };
    }
    const fact = balanceFact(event);
    if (!fact) return { status: 'skipped', reason: 'no customer nor balance fact' };
    return (await upsertInvoiceBalance(tx, fact))
      ? { status: 'applied' }
      : { status: 'skipped', reason: 'a newer balance fact is on file' };
  };
}
