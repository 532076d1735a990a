// Advisory lock keys. An invoice being entered: commands for it wait, or are held. A customer's credit
// lots: used by one arriving invoice at a time. A dispute being opened: its resolution waits, or is held.
// Always taken in this order: invoice, customer, dispute.
export const invoiceLockKey = (invoiceId: string) => `invoice:${invoiceId}`;
export const customerLockKey = (customerId: string) => `customer:${customerId}`;
export const disputeLockKey = (disputeId: string) => `dispute:${disputeId}`;
