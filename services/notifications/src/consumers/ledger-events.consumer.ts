import { LEDGER_CUSTOMER_UPSERTED, type LedgerEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { upsertCustomer } from '../db/customers.queries.ts';

/** The customer directory: contact details come from the ledger's customer profile. */
export function handleLedgerEvent(): EventHandler<LedgerEvent> {
  return async (event, tx) => {
    if (event.type !== LEDGER_CUSTOMER_UPSERTED) return { status: 'skipped', reason: 'not a customer' };
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
  };
}
