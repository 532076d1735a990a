export type InvoiceStatus = 'open' | 'overdue' | 'paid' | 'cancelled' | 'written-off';

export interface StatusInput {
  balanceMinor: bigint;
  overdueAt: Date;
  now: Date;
  cancelled?: boolean;
  writtenOff?: boolean;
}

/**
 * Derived from the entries: a cancellation wins over a write-off, both over the balance; an open
 * invoice is overdue from its `overdueAt` instant (the end of its due day).
 */
export function deriveStatus(input: StatusInput): InvoiceStatus {
  if (input.cancelled) return 'cancelled';
  if (input.writtenOff) return 'written-off';
  if (input.balanceMinor <= 0n) return 'paid';
  return input.now.getTime() >= input.overdueAt.getTime() ? 'overdue' : 'open';
}
