import type {
  CreditNoteIssuedData,
  CustomerAlertData,
  CustomerAlertResolvedData,
  CustomerUpsertedData,
  DisputeOpenedData,
  DisputeResolvedData,
  InvoiceCancelledData,
  InvoiceIssuedData,
  PaymentReceivedData,
} from '../src/index.ts';

export const customer: CustomerUpsertedData = {
  customerId: 'C-1001',
  name: '上海星辰贸易有限公司',
  email: 'ar@xingchen.example.cn',
  phone: '+8613800138000',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  industry: 'construction',
  address: { line1: '浦东新区世纪大道 100 号', city: '上海', postalCode: '200120', country: 'CN' },
  paymentTermsDays: 30,
  collectorId: 'collector.wang',
};

export const invoice: InvoiceIssuedData = {
  invoiceId: 'INV-2026-0001',
  customerId: 'C-1001',
  number: '2026-0001',
  currency: 'CNY',
  amount: '1234.50',
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  discount: { percent: '2', days: 10 },
  reference: 'PO 4711',
};

export const cancellation: InvoiceCancelledData = { invoiceId: 'INV-2026-0001', reason: 'issued twice' };

export const payment: PaymentReceivedData = {
  paymentId: 'PAY-9',
  amount: '1000.00',
  currency: 'CNY',
  receivedAt: '2026-11-20T10:15:00+08:00',
  invoiceId: 'INV-2026-0001',
};

export const creditNote: CreditNoteIssuedData = {
  creditNoteId: 'CN-3',
  invoiceId: 'INV-2026-0001',
  amount: '34.50',
  currency: 'CNY',
  issuedAt: '2026-11-21',
  reason: 'damaged goods',
};

export const disputeOpened: DisputeOpenedData = {
  disputeId: 'D-7',
  invoiceId: 'INV-2026-0001',
  reason: 'quantity delivered is short',
  amount: '200.00',
};

export const disputeResolved: DisputeResolvedData = {
  disputeId: 'D-7',
  resolution: 'adjusted',
  amount: '150',
};

export const alert: CustomerAlertData = {
  alertId: 'AL-1',
  customerId: 'C-1001',
  kind: 'equity-change',
  note: 'Majority owner sold 60 %',
  raisedAt: '2026-12-30T08:00:00Z',
};

export const alertResolved: CustomerAlertResolvedData = {
  alertId: 'AL-1',
  customerId: 'C-1001',
  resolvedAt: '2026-12-31T08:00:00Z',
};

/** The paths of the issues `schema` reports for `value`, or [] when it is valid. */
export function issuePaths(
  schema: { safeParse(value: unknown): { error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
): string[] {
  return (schema.safeParse(value).error?.issues ?? []).map((issue) => issue.path.join('.'));
}
