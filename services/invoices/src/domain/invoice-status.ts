export type InvoiceStatus = 'open' | 'overdue' | 'paid' | 'cancelled' | 'written-off';

/**
 * An open invoice becomes overdue once its due day has ended. Until the customer's time zone is
 * known to the ledger, the due day ends at midnight UTC after the due date.
 */
export function deriveStatus(input: { balanceMinor: bigint; dueDate: string; now: Date }): InvoiceStatus {
  if (input.balanceMinor <= 0n) return 'paid';
  const endOfDueDay = Date.parse(`${input.dueDate}T00:00:00Z`) + 86_400_000;
  return input.now.getTime() >= endOfDueDay ? 'overdue' : 'open';
}
