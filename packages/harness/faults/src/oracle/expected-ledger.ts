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
 * the invoice and every dispute upheld (its amount, or without one the whole balance), each counted
 * once however often it was delivered.
 */
export function expectedLedger(sent: readonly ErpEvent[]): Map<string, ExpectedInvoice> {
  const seen = new Set<string>();
  const invoices = new Map<string, ExpectedInvoice & { currency: string }>();
  const disputes = new Map<string, { invoiceId: string; amount?: string | undefined }>();
  const invoiceOf = (eventId: string, invoiceId: string) => {
    const invoice = invoices.get(invoiceId);
    if (!invoice) throw new Error(`the stream applies ${eventId} to unknown invoice ${invoiceId}`);
    return invoice;
  };
  const reduceBy = (eventId: string, invoiceId: string, minor: bigint) => {
    const invoice = invoiceOf(eventId, invoiceId);
    invoice.balance -= minor;
    if (invoice.balance === 0n) invoice.settledByEventId = eventId;
  };
  const reduce = (eventId: string, invoiceId: string, amount: string, currency: string) =>
    reduceBy(eventId, invoiceId, toMinorUnits(amount, currency));
  for (const event of sent) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const data = event.data as Record<string, string>;
    if (event.type === 'erp.invoice.issued') {
      invoices.set(data.invoiceId!, {
        invoiceId: data.invoiceId!,
        customerId: data.customerId!,
        currency: data.currency!,
        balance: toMinorUnits(data.amount!, data.currency!),
      });
    } else if (event.type === 'erp.payment.received' && data.invoiceId) {
      reduce(event.id, data.invoiceId, data.amount!, data.currency!);
    } else if (event.type === 'erp.credit-note.issued') {
      reduce(event.id, data.invoiceId!, data.amount!, data.currency!);
    } else if (event.type === 'erp.dispute.opened') {
      invoiceOf(event.id, data.invoiceId!);
      disputes.set(data.disputeId!, { invoiceId: data.invoiceId!, amount: data.amount });
    } else if (event.type === 'erp.dispute.resolved' && data.resolution !== 'rejected') {
      const dispute = disputes.get(data.disputeId!);
      if (!dispute) throw new Error(`the stream resolves ${data.disputeId} before opening it`);
      const invoice = invoiceOf(event.id, dispute.invoiceId);
      const given = data.amount ?? dispute.amount;
      let adjustment = given === undefined ? invoice.balance : toMinorUnits(given, invoice.currency);
      // Never more than what is open, as the ledger adjusts.
      if (adjustment > invoice.balance) adjustment = invoice.balance;
      reduceBy(event.id, dispute.invoiceId, adjustment);
    }
  }
  return invoices;
}
