import {
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_ISSUED,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  type LedgerEvent,
  toMinorUnits,
} from '@dunning/contracts';

export type InvoiceBalanceStatus = 'open' | 'settled' | 'cancelled' | 'written-off';

/** What the ledger last said about an invoice's balance, and when it recorded it. */
export interface InvoiceBalanceFact {
  invoiceId: string;
  customerId: string;
  balanceMinor: bigint;
  status: InvoiceBalanceStatus;
  /** The ledger's recording time (the event's `time`), which orders facts about one invoice. */
  factAt: Date;
}

/**
 * The balance fact a ledger event states, or undefined for events that state none (customers,
 * payments, disputes: their effect on a balance comes as balance-changed). A balance of zero is
 * settled whatever the cause; a positive one is open again (a reversed payment).
 */
export function balanceFact(event: LedgerEvent): InvoiceBalanceFact | undefined {
  const factAt = new Date(event.time);
  switch (event.type) {
    case LEDGER_INVOICE_ISSUED:
    case LEDGER_INVOICE_BALANCE_CHANGED: {
      const { invoiceId, customerId, balance, currency } = event.data;
      const balanceMinor = toMinorUnits(balance, currency);
      return { invoiceId, customerId, balanceMinor, status: balanceMinor > 0n ? 'open' : 'settled', factAt };
    }
    case LEDGER_INVOICE_SETTLED:
      return { ...closed(event.data), status: 'settled', factAt };
    case LEDGER_INVOICE_CANCELLED:
      return { ...closed(event.data), status: 'cancelled', factAt };
    case LEDGER_INVOICE_WRITTEN_OFF:
      return { ...closed(event.data), status: 'written-off', factAt };
    default:
      return undefined;
  }
}

function closed(data: { invoiceId: string; customerId: string }) {
  return { invoiceId: data.invoiceId, customerId: data.customerId, balanceMinor: 0n };
}

/** Why a notice is no longer sent. */
export type DropReason = 'settled';

/**
 * Whether a notice should still go out, given the latest facts seen about its invoices. It is dropped
 * only when every invoice is known to have nothing left to pay (paid, credited, cancelled or written
 * off); one open invoice, or one the ledger has not told us about yet, and it is sent as it is.
 */
export function dropReason(
  invoiceIds: readonly string[],
  facts: ReadonlyMap<string, Pick<InvoiceBalanceFact, 'balanceMinor' | 'status'>>,
): DropReason | undefined {
  const allClosed = invoiceIds.every((invoiceId) => {
    const fact = facts.get(invoiceId);
    return fact !== undefined && (fact.status !== 'open' || fact.balanceMinor === 0n);
  });
  return invoiceIds.length > 0 && allClosed ? 'settled' : undefined;
}
