import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { ChargeRow } from '../db/charges.queries.ts';
import type { DisputeRow } from '../db/disputes.queries.ts';
import type { EntryRow, InvoiceRow } from '../db/invoices.queries.ts';
import { type DiscountTerms, discountedAmount, discountWindowEnd } from '../domain/early-payment-discount.ts';
import { deriveStatus, INVOICE_STATUSES } from '../domain/invoice-status.ts';

export const TimelineItem = z.object({
  what: z.string().meta({
    description:
      'issue, payment, credit, adjustment, discount, write-off, cancellation (ledger entries), dispute-opened, dispute-resolved, ' +
      'or charge, charge-waived (a dunning fee or interest about the invoice, booked apart from its balance)',
  }),
  amount: z.string().optional().meta({
    description:
      'Signed change of the balance, decimal string; for charge and charge-waived the charge (+) and its reversal (−), which leave the balance as it is',
  }),
  sourceId: z.string().meta({ description: 'The payment, credit note, dispute... behind it' }),
  source: z.string().meta({ description: 'Where the command came from: http, kafka or import' }),
  occurredAt: z.string().meta({ description: 'The business instant' }),
  recordedAt: z.string().meta({ description: 'When the ledger recorded it' }),
  detail: z.string().optional(),
});

export const InvoiceView = z.object({
  invoiceId: z.string(),
  customerId: z.string(),
  number: z.string(),
  currency: z.string(),
  amount: z.string().meta({ description: 'Decimal string in the currency' }),
  balance: z.string().meta({ description: 'What is still owed, decimal string' }),
  issueDate: z.string(),
  dueDate: z.string(),
  overdueAt: z
    .string()
    .meta({ description: "End of the due day in the customer's zone (compressed with DAY_MS)" }),
  status: z.enum(INVOICE_STATUSES).meta({
    description: '`adjusted`: closed by a dispute outcome (upheld or adjusted) that took the rest off',
  }),
  disputed: z.boolean(),
  discount: z
    .object({
      percent: z.string(),
      days: z.int(),
      until: z.string().meta({ description: 'The window ends at this instant (exclusive)' }),
      amount: z.string().meta({ description: 'What settles the invoice inside the window, decimal string' }),
    })
    .optional()
    .meta({ description: 'The early-payment discount terms, when the invoice has them' }),
  timeline: z.array(TimelineItem),
});
export type InvoiceView = z.infer<typeof InvoiceView>;

export const InvoiceSummary = InvoiceView.omit({ timeline: true });
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

function discountOffer(invoice: InvoiceRow, dayMs: number): InvoiceSummary['discount'] {
  const terms = (invoice.request as { discount?: DiscountTerms } | null)?.discount;
  if (terms === undefined) return undefined;
  const until = discountWindowEnd({
    terms,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    timeZone: invoice.time_zone,
    overdueAt: invoice.overdue_at,
    dayMs,
  });
  const amount = discountedAmount(invoice.amount_minor, terms.percent);
  return { ...terms, until: until.toISOString(), amount: formatMinorUnits(amount, invoice.currency) };
}

export function toInvoiceSummary(invoice: InvoiceRow, now: Date, dayMs: number): InvoiceSummary {
  const money = (minor: bigint) => formatMinorUnits(minor, invoice.currency);
  const discount = discountOffer(invoice, dayMs);
  return {
    invoiceId: invoice.invoice_id,
    customerId: invoice.customer_id,
    number: invoice.number,
    currency: invoice.currency,
    amount: money(invoice.amount_minor),
    balance: money(invoice.balance_minor),
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    overdueAt: invoice.overdue_at.toISOString(),
    status: deriveStatus({
      balanceMinor: invoice.balance_minor,
      overdueAt: invoice.overdue_at,
      now,
      cancelled: invoice.cancelled,
      writtenOff: invoice.written_off,
      lastEntryKind: invoice.last_kind,
    }),
    disputed: invoice.disputed,
    ...(discount === undefined ? {} : { discount }),
  };
}

type TimelineItem = z.infer<typeof TimelineItem>;

function disputeEvents(dispute: DisputeRow, currency: string): TimelineItem[] {
  const opened: TimelineItem = {
    what: 'dispute-opened',
    ...(dispute.amount_minor === null ? {} : { amount: formatMinorUnits(dispute.amount_minor, currency) }),
    sourceId: dispute.dispute_id,
    source: dispute.opened_source,
    occurredAt: dispute.opened_at.toISOString(),
    recordedAt: dispute.opened_recorded_at.toISOString(),
    detail: dispute.reason,
  };
  if (dispute.resolved_at === null) return [opened];
  return [
    opened,
    {
      what: 'dispute-resolved',
      sourceId: dispute.dispute_id,
      source: dispute.resolved_source ?? 'unknown',
      occurredAt: dispute.resolved_at.toISOString(),
      recordedAt: (dispute.resolved_recorded_at ?? dispute.resolved_at).toISOString(),
      detail: dispute.status,
    },
  ];
}

function chargeEvents(charge: ChargeRow): TimelineItem[] {
  const amount = formatMinorUnits(charge.amount_minor, charge.currency);
  const booked: TimelineItem = {
    what: 'charge',
    amount,
    sourceId: charge.charge_id,
    source: 'kafka',
    occurredAt: charge.levied_at.toISOString(),
    recordedAt: charge.booked_at.toISOString(),
    detail:
      charge.period_from === null
        ? `${charge.kind}: ${charge.description}`
        : `${charge.kind}: ${charge.description}, days ${charge.period_from + 1}-${charge.period_to} overdue`,
  };
  if (charge.waived_at === null) return [booked];
  return [
    booked,
    {
      what: 'charge-waived',
      amount: `-${amount}`,
      sourceId: charge.charge_id,
      source: 'http',
      occurredAt: charge.waived_at.toISOString(),
      recordedAt: charge.waived_at.toISOString(),
      detail: charge.waive_reason ?? '',
    },
  ];
}

/** The invoice with every ledger entry, dispute event and charge, in the order the ledger recorded them. */
export function toInvoiceView(
  invoice: InvoiceRow,
  entries: EntryRow[],
  disputes: DisputeRow[],
  now: Date,
  dayMs: number,
  charges: ChargeRow[] = [],
): InvoiceView {
  const items: TimelineItem[] = entries.map((entry) => ({
    what: entry.kind,
    amount: formatMinorUnits(entry.amount_minor, invoice.currency),
    sourceId: entry.source_id,
    source: entry.source,
    occurredAt: entry.occurred_at.toISOString(),
    recordedAt: entry.recorded_at.toISOString(),
  }));
  items.push(...disputes.flatMap((dispute) => disputeEvents(dispute, invoice.currency)));
  items.push(...charges.flatMap(chargeEvents));
  // Stable sort: entries keep their booking order among equal instants.
  items.sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt));
  return { ...toInvoiceSummary(invoice, now, dayMs), timeline: items };
}
