import { randomUUID } from 'node:crypto';
import type { DunningActionRequestedData, LedgerCustomerUpsertedData } from '@dunning/contracts';

export function sampleCustomer(
  overrides: Partial<LedgerCustomerUpsertedData> = {},
): LedgerCustomerUpsertedData {
  return {
    customerId: `cust-${randomUUID().slice(0, 8)}`,
    name: 'Acme <Trading> & Sons',
    email: 'ap@acme.example',
    phone: '+8613800138000',
    locale: 'en',
    timezone: 'Asia/Shanghai',
    industry: 'construction',
    address: { line1: '88 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' },
    paymentTermsDays: 30,
    collectorId: 'col-1',
    ...overrides,
  };
}

export function sampleAction(
  customerId: string,
  overrides: Partial<DunningActionRequestedData> = {},
): DunningActionRequestedData {
  return {
    actionId: `act-${randomUUID()}`,
    customerId,
    policyId: 'default',
    policyVersion: 1,
    step: 'overdue-notice',
    level: 2,
    channel: 'email',
    templateKey: 'overdue-notice',
    invoices: [
      {
        invoiceId: `inv-${randomUUID().slice(0, 8)}`,
        number: 'INV-2026-0042',
        currency: 'CNY',
        amount: '12345.60',
        balance: '10000.05',
        dueDate: '2026-10-31',
        daysOverdue: 30,
      },
      {
        invoiceId: `inv-${randomUUID().slice(0, 8)}`,
        number: 'INV-2026-0043',
        currency: 'USD',
        amount: '99999999999999.99',
        balance: '99999999999999.99',
        dueDate: '2026-11-15',
        daysOverdue: 15,
      },
    ],
    charges: [{ kind: 'fee', description: 'Dunning fee', amount: '50.00', currency: 'CNY' }],
    deadline: '2026-12-15',
    collector: { collectorId: 'col-1', name: 'Li Wei', email: 'li.wei@example.com', phone: '+8613900139000' },
    requestedAt: '2026-11-30T02:00:00Z',
    ...overrides,
  };
}
