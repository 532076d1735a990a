import { type ErpEvent, toMinorUnits } from '@dunning/contracts';

/** What the ERP said, once per event id: each invoice's open balance and whether it was settled. */
export interface ExpectedInvoice {
  invoiceId: string;
  customerId: string;
  balance: bigint;
  /** When the event that brought the balance to zero was sent; undefined while open. */
  settledByEventId?: string | undefined;
}

/**
 * The ledger as the ERP stream alone implies it: amount, less every payment and credit note applied to
 * the invoice, each counted once however often it was delivered.
 */
export function expectedLedger(sent: readonly ErpEvent[]): Map<string, ExpectedInvoice> {
  const seen = new Set<string>();
  const invoices = new Map<string, ExpectedInvoice>();
  const reduce = (eventId: string, invoiceId: string, amount: string, currency: string) => {
    const invoice = invoices.get(invoiceId);
    if (!invoice) throw new Error(`the stream applies ${eventId} to unknown invoice ${invoiceId}`);
    invoice.balance -= toMinorUnits(amount, currency);
    if (invoice.balance === 0n) invoice.settledByEventId = eventId;
  };
  for (const event of sent) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const data = event.data as Record<string, string>;
    if (event.type === 'erp.invoice.issued') {
      invoices.set(data.invoiceId!, {
        invoiceId: data.invoiceId!,
        customerId: data.customerId!,
        balance: toMinorUnits(data.amount!, data.currency!),
      });
    } else if (event.type === 'erp.payment.received' && data.invoiceId) {
      reduce(event.id, data.invoiceId, data.amount!, data.currency!);
    } else if (event.type === 'erp.credit-note.issued') {
      reduce(event.id, data.invoiceId!, data.amount!, data.currency!);
    }
  }
  return invoices;
}
