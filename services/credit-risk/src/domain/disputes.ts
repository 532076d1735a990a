import type { OpenDispute, OpenInvoice } from './risk-snapshot.ts';

/**
 * The part of an invoice's balance under an open dispute: the sum of its open disputes' amounts (a
 * dispute without an amount covers the whole invoice), never more than the balance.
 */
export function disputedMinor(
  invoice: Pick<OpenInvoice, 'invoiceId' | 'balanceMinor'>,
  disputes: readonly OpenDispute[],
): bigint {
  let disputed = 0n;
  for (const dispute of disputes) {
    if (dispute.invoiceId !== invoice.invoiceId) continue;
    if (dispute.amountMinor === null) return invoice.balanceMinor;
    disputed += dispute.amountMinor;
  }
  return disputed < invoice.balanceMinor ? disputed : invoice.balanceMinor;
}

/** The part of an invoice's balance nobody disputes: what can be overdue. */
export function undisputedMinor(
  invoice: Pick<OpenInvoice, 'invoiceId' | 'balanceMinor'>,
  disputes: readonly OpenDispute[],
): bigint {
  return invoice.balanceMinor - disputedMinor(invoice, disputes);
}
