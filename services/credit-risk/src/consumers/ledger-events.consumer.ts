import type { LedgerEvent } from '@dunning/contracts';
import type { EventHandler } from '@dunning/kafka';
import { loadProfileInvoice, writeProfileChanges } from '../db/profile.queries.ts';
import { invoiceIdOf, ledgerEventChanges } from '../domain/profile-rules.ts';

/**
 * Keeps the risk profile from ledger facts and marks the customer for re-assessment: the changes are
 * those of the profile rules (`domain/profile-rules.ts`), given the invoice the event names as on file.
 */
export function handleLedgerEvent(dayMs: number): EventHandler<LedgerEvent> {
  return async (event, tx) => {
    const invoiceId = invoiceIdOf(event);
    const invoice = invoiceId === undefined ? undefined : await loadProfileInvoice(tx, invoiceId);
    const changes = ledgerEventChanges(event, invoice, dayMs);
    if (changes.length === 0) {
      return { status: 'skipped', reason: `${event.type} does not change the risk profile` };
    }
    await writeProfileChanges(tx, changes, event.type);
    return { status: 'applied' };
  };
}
