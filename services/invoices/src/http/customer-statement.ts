import { formatMinorUnits } from '@dunning/contracts';
import type pg from 'pg';
import { z } from 'zod';
import { listCustomerCharges } from '../db/charges.queries.ts';
import { customerCreditLots } from '../db/customer-credits.queries.ts';
import { listCustomerDiscounts, listCustomerInvoices } from '../db/invoices.queries.ts';
import { ChargeView, toChargeView } from './charge-view.ts';
import { InvoiceSummary, toInvoiceSummary } from './invoice-view.ts';

export const Statement = z.object({
  customerId: z.string(),
  asOf: z.string(),
  openItems: z.array(InvoiceSummary).meta({ description: 'Invoices with a balance still owed' }),
  credits: z.array(
    z.object({
      currency: z.string(),
      source: z.enum(['payment', 'credit-note']),
      sourceId: z.string(),
      available: z.string(),
    }),
  ),
  discounts: z
    .array(
      z.object({
        invoiceId: z.string(),
        currency: z.string(),
        amount: z.string().meta({ description: 'Taken off the invoice, decimal string' }),
        paymentId: z.string().meta({ description: 'The payment that earned it' }),
        occurredAt: z.string(),
      }),
    )
    .meta({ description: 'Early-payment discounts taken, oldest first' }),
  charges: z.array(ChargeView).meta({
    description:
      'Dunning fees and interest booked on the customer, items of kind `charge` apart from the invoices: open ' +
      'and waived, oldest levied first',
  }),
  totals: z
    .array(
      z.object({
        currency: z.string(),
        open: z.string().meta({ description: 'Sum of open balances' }),
        overdue: z.string().meta({ description: 'Part of `open` past due' }),
        credit: z.string().meta({ description: 'Unused customer credit' }),
        discounts: z.string().meta({ description: 'Early-payment discounts taken' }),
        charges: z.string().meta({ description: 'Dunning charges still open (not waived)' }),
        net: z.string().meta({ description: 'open + charges - credit' }),
      }),
    )
    .meta({ description: 'One line per currency; amounts of different currencies are never added' }),
});
export type Statement = z.infer<typeof Statement>;

interface Totals {
  open: bigint;
  overdue: bigint;
  credit: bigint;
  discounts: bigint;
  charges: bigint;
}

export async function customerStatement(
  pool: pg.Pool,
  customerId: string,
  now: Date,
  dayMs: number,
): Promise<Statement> {
  const [invoices, lots, discounts, charges] = await Promise.all([
    listCustomerInvoices(pool, customerId),
    customerCreditLots(pool, customerId),
    listCustomerDiscounts(pool, customerId),
    listCustomerCharges(pool, customerId),
  ]);
  const totals = new Map<string, Totals>();
  const totalsOf = (currency: string) => {
    const line = totals.get(currency) ?? { open: 0n, overdue: 0n, credit: 0n, discounts: 0n, charges: 0n };
    totals.set(currency, line);
    return line;
  };
  const openItems = invoices
    .filter((row) => row.balance_minor > 0n)
    .map((row) => toInvoiceSummary(row, now, dayMs));
  for (const row of invoices.filter((invoice) => invoice.balance_minor > 0n)) {
    const line = totalsOf(row.currency);
    line.open += row.balance_minor;
    if (now.getTime() >= row.overdue_at.getTime()) line.overdue += row.balance_minor;
  }
  for (const lot of lots) totalsOf(lot.currency).credit += lot.available_minor;
  for (const discount of discounts) totalsOf(discount.currency).discounts += discount.amount_minor;
  // A charge is owed apart from the invoices (paying an invoice leaves it open) until it is waived.
  for (const charge of charges)
    if (charge.waived_at === null) totalsOf(charge.currency).charges += charge.amount_minor;
  return {
    customerId,
    asOf: now.toISOString(),
    openItems,
    credits: lots.map((lot) => ({
      currency: lot.currency,
      source: lot.source_kind === 'payment' ? 'payment' : 'credit-note',
      sourceId: lot.source_id,
      available: formatMinorUnits(lot.available_minor, lot.currency),
    })),
    discounts: discounts.map((discount) => ({
      invoiceId: discount.invoice_id,
      currency: discount.currency,
      amount: formatMinorUnits(discount.amount_minor, discount.currency),
      paymentId: discount.source_id,
      occurredAt: discount.occurred_at.toISOString(),
    })),
    charges: charges.map(toChargeView),
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, line]) => ({
        currency,
        open: formatMinorUnits(line.open, currency),
        overdue: formatMinorUnits(line.overdue, currency),
        credit: formatMinorUnits(line.credit, currency),
        discounts: formatMinorUnits(line.discounts, currency),
        charges: formatMinorUnits(line.charges, currency),
        net: formatMinorUnits(line.open + line.charges - line.credit, currency),
      })),
  };
}
