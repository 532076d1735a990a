import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { EntryRow, InvoiceRow } from '../db/invoices.queries.ts';
import { deriveStatus } from '../domain/invoice-status.ts';

export const InvoiceView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  number: z.string(),
  currency: z.string(),
  amount: z.string().meta({ description: 'Decimal string in the currency' }),
  balance: z.string().meta({ description: 'What is still owed, decimal string' }),
  issueDate: z.string(),
  dueDate: z.string(),
  status: z.enum(['open', 'overdue', 'paid', 'cancelled', 'written-off']),
  disputed: z.boolean(),
  timeline: z.array(
    z.object({
      kind: z.string(),
      amount: z.string(),
      sourceId: z.string(),
      source: z.string(),
      occurredAt: z.string(),
      recordedAt: z.string(),
    }),
  ),
});
export type InvoiceView = z.infer<typeof InvoiceView>;

export function toInvoiceView(invoice: InvoiceRow, entries: EntryRow[], now: Date): InvoiceView {
  const money = (minor: bigint) => formatMinorUnits(minor, invoice.currency);
  return {
    invoiceId: invoice.invoice_id,
    customerId: invoice.customer_id,
    number: invoice.number,
    currency: invoice.currency,
    amount: money(invoice.amount_minor),
    balance: money(invoice.balance_minor),
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    status: deriveStatus({ balanceMinor: invoice.balance_minor, overdueAt: invoice.overdue_at, now }),
    disputed: false,
    timeline: entries.map((entry) => ({
      kind: entry.kind,
      amount: money(entry.amount_minor),
      sourceId: entry.source_id,
      source: entry.source,
      occurredAt: entry.occurred_at.toISOString(),
      recordedAt: entry.recorded_at.toISOString(),
    })),
  };
}
