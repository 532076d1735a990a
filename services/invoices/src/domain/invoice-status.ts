export const INVOICE_STATUSES = ['open', 'overdue', 'paid', 'adjusted', 'cancelled', 'written-off'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface StatusInput {
  balanceMinor: bigint;
  overdueAt: Date;
  now: Date;
  cancelled?: boolean;
  writtenOff?: boolean;
  /** Kind of the last entry booked: an `adjustment` (a dispute's outcome) that closed it. */
  lastEntryKind?: string;
}

/**
 * Derived from the entries: a cancellation wins over a write-off, both over the balance; an invoice
 * closed by a dispute's adjustment is `adjusted` (nothing was paid for the rest), otherwise `paid`; an
 * open invoice is overdue from its `overdueAt` instant (the end of its due day).
 */
export function deriveStatus(input: StatusInput): InvoiceStatus {
  if (input.cancelled) return 'cancelled';
  if (input.writtenOff) return 'written-off';
  if (input.balanceMinor <= 0n) return input.lastEntryKind === 'adjustment' ? 'adjusted' : 'paid';
  return input.now.getTime() >= input.overdueAt.getTime() ? 'overdue' : 'open';
}
