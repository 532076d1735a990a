export type InvoiceStatus = 'open' | 'overdue' | 'paid' | 'cancelled' | 'written-off';

/** An open invoice is overdue from its `overdueAt` instant (the end of its due day). */
export function deriveStatus(input: { balanceMinor: bigint; overdueAt: Date; now: Date }): InvoiceStatus {
  if (input.balanceMinor <= 0n) return 'paid';
  return input.now.getTime() >= input.overdueAt.getTime() ? 'overdue' : 'open';
}
