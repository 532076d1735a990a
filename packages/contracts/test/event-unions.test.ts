import { describe, expect, it } from 'vitest';
import {
  createEvent,
  ERP_CREDIT_NOTE_ISSUED,
  ERP_CUSTOMER_ALERT,
  ERP_CUSTOMER_ALERT_RESOLVED,
  ERP_CUSTOMER_UPSERTED,
  ERP_DISPUTE_OPENED,
  ERP_DISPUTE_RESOLVED,
  ERP_INVOICE_CANCELLED,
  ERP_INVOICE_ISSUED,
  ERP_PAYMENT_RECEIVED,
  ErpEvent,
  LEDGER_INVOICE_ISSUED,
  LedgerEvent,
  LedgerInvoiceIssuedData,
} from '../src/index.ts';
import {
  alert,
  alertResolved,
  cancellation,
  creditNote,
  customer,
  disputeOpened,
  disputeResolved,
  invoice,
  payment,
} from './samples.ts';

const source = 'erp://sap-prod';
const erpEvents = [
  createEvent({ type: ERP_CUSTOMER_UPSERTED, source, data: customer }),
  createEvent({ type: ERP_INVOICE_ISSUED, source, data: invoice }),
  createEvent({ type: ERP_INVOICE_CANCELLED, source, data: cancellation }),
  createEvent({ type: ERP_PAYMENT_RECEIVED, source, data: payment }),
  createEvent({ type: ERP_CREDIT_NOTE_ISSUED, source, data: creditNote }),
  createEvent({ type: ERP_DISPUTE_OPENED, source, data: disputeOpened }),
  createEvent({ type: ERP_DISPUTE_RESOLVED, source, data: disputeResolved }),
  createEvent({ type: ERP_CUSTOMER_ALERT, source, data: alert }),
  createEvent({ type: ERP_CUSTOMER_ALERT_RESOLVED, source, data: alertResolved }),
];

const ledgerInvoice = {
  invoiceId: invoice.invoiceId,
  customerId: invoice.customerId,
  number: invoice.number,
  currency: 'CNY',
  amount: '1234.50',
  balance: '1234.50',
  issueDate: invoice.issueDate,
  dueDate: invoice.dueDate,
  overdueAt: '2026-12-01T16:00:00Z',
};

describe('ErpEvent', () => {
  it.each(erpEvents.map((event) => [event.type, event] as const))(
    'parses a %s event off the wire',
    (_type, event) => {
      expect(ErpEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    },
  );

  it('checks the data against the schema of the event type', () => {
    const mislabelled = { ...erpEvents[1], type: ERP_PAYMENT_RECEIVED };
    expect(ErpEvent.safeParse(mislabelled).success).toBe(false);
    const badData = { ...erpEvents[1], data: { ...invoice, amount: '-1.00' } };
    expect(ErpEvent.safeParse(badData).error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'data.amount',
    ]);
  });

  it('rejects an unknown event type', () => {
    expect(ErpEvent.safeParse({ ...erpEvents[0], type: 'erp.customer.deleted' }).success).toBe(false);
  });
});

describe('LedgerEvent', () => {
  it('parses a ledger.invoice.issued event', () => {
    const event = createEvent({
      type: LEDGER_INVOICE_ISSUED,
      source: '/services/invoices',
      data: ledgerInvoice,
    });
    expect(LedgerEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it.each([
    ['a balance above the amount', { balance: '1234.51' }, ['balance']],
    ['a negative balance', { balance: '-0.01' }, ['balance']],
    ['a zero amount', { amount: '0', balance: '0' }, ['amount']],
    ['a balance with too many decimals', { balance: '1.001' }, ['balance']],
    ['an unknown field', { discount: { percent: '2', days: 10 } }, ['']],
  ])('rejects %s', (_name, change, paths) => {
    const issues = LedgerInvoiceIssuedData.safeParse({ ...ledgerInvoice, ...change }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(paths);
  });

  it('accepts a balance already reduced by an early payment, and a zero balance', () => {
    expect(LedgerInvoiceIssuedData.safeParse({ ...ledgerInvoice, balance: '234.50' }).success).toBe(true);
    expect(LedgerInvoiceIssuedData.safeParse({ ...ledgerInvoice, balance: '0.00' }).success).toBe(true);
  });
});
