import type {
  LedgerDisputeOpenedData,
  LedgerDisputeResolvedData,
  LedgerInvoiceBalanceChangedData,
  LedgerInvoiceCancelledData,
  LedgerInvoiceOverdueData,
  LedgerInvoiceSettledData,
  LedgerInvoiceWrittenOffData,
  LedgerPaymentReceivedData,
} from '../src/index.ts';

const ids = { invoiceId: 'INV-2026-0001', customerId: 'C-1001' };

export const overdue: LedgerInvoiceOverdueData = {
  ...ids,
  currency: 'CNY',
  balance: '1234.50',
  dueDate: '2026-12-01',
  overdueAt: '2026-12-01T23:59:59.999+08:00',
};

export const balanceChanged: LedgerInvoiceBalanceChangedData = {
  ...ids,
  currency: 'CNY',
  amount: '1234.50',
  previousBalance: '1234.50',
  balance: '234.50',
  cause: 'payment',
  sourceId: 'PAY-9',
  occurredAt: '2026-11-20T10:15:00+08:00',
};

export const settled: LedgerInvoiceSettledData = {
  ...ids,
  currency: 'CNY',
  amount: '1234.50',
  settledAt: '2026-11-28T09:30:00+08:00',
  how: 'mixed',
  daysLate: -3,
};

export const invoiceCancelled: LedgerInvoiceCancelledData = {
  ...ids,
  reason: 'issued twice',
  cancelledAt: '2026-11-02T08:00:00Z',
};

export const writtenOff: LedgerInvoiceWrittenOffData = {
  ...ids,
  currency: 'CNY',
  amount: '234.50',
  writtenOffAt: '2027-03-01T00:00:00Z',
};

export const ledgerDisputeOpened: LedgerDisputeOpenedData = {
  disputeId: 'D-7',
  ...ids,
  reason: 'quantity delivered is short',
  currency: 'CNY',
  amount: '200.00',
  openedAt: '2026-12-03T11:00:00+08:00',
};

export const ledgerDisputeResolved: LedgerDisputeResolvedData = {
  disputeId: 'D-7',
  ...ids,
  resolution: 'adjusted',
  currency: 'CNY',
  amount: '150',
  resolvedAt: '2026-12-10T16:00:00+08:00',
};

export const ledgerPayment: LedgerPaymentReceivedData = {
  paymentId: 'PAY-9',
  customerId: 'C-1001',
  currency: 'CNY',
  amount: '1500.00',
  receivedAt: '2026-12-05T10:15:00+08:00',
  applications: [
    { invoiceId: 'INV-2026-0001', amount: '1234.50', daysLate: 4 },
    { invoiceId: 'INV-2026-0002', amount: '200', daysLate: -20 },
  ],
  unapplied: '65.50',
};
