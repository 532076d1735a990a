import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { AgingBucketRow, AgingCustomerBucketRow } from '../db/reports.queries.ts';

import { type AgingScheme, ALL_BUCKETS, bucketsOfScheme, STANDARD_BUCKETS } from './aging-buckets.ts';

/** The default buckets, labelled as the contract says; days past due = asOf − dueDate. */
export const AGING_BUCKETS = STANDARD_BUCKETS;

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const BucketView = z.object({
  bucket: z.enum(ALL_BUCKETS),
  amount: Amount,
  count: z.int().meta({ description: 'Open invoices in the bucket' }),
});
const TotalView = z.object({ amount: Amount, count: z.int() });
const CustomerAgingView = z.object({
  customerId: z.string(),
  buckets: z.array(BucketView),
  total: TotalView,
});

export const AgingReportView = z.object({
  asOf: z.string(),
  currencies: z.array(
    z.object({
      currency: z.string(),
      buckets: z.array(BucketView).meta({
        description: 'Always every bucket of the scheme, in order: five (standard) or six (extended)',
      }),
      total: TotalView,
      customers: z
        .array(CustomerAgingView)
        .optional()
        .meta({ description: 'With byCustomer=true: the customers owing the most, largest first' }),
      charges: z
        .object({ buckets: z.array(BucketView), total: TotalView })
        .optional()
        .meta({
          description:
            'Open dunning charges (fees, interest), apart from the invoices above: aged from the day each was ' +
            'levied; present when the currency has any as of asOf',
        }),
    }),
  ),
});
export type AgingReportView = z.infer<typeof AgingReportView>;

interface Tally {
  amountMinor: bigint;
  count: number;
}

/** Adds up rows into the scheme's buckets (empty ones included) and their total. */
function bucketsOf(rows: AgingBucketRow[], currency: string, scheme: AgingScheme) {
  const order = bucketsOfScheme(scheme);
  const tallies = new Map<string, Tally>(order.map((bucket) => [bucket, { amountMinor: 0n, count: 0 }]));
  const total: Tally = { amountMinor: 0n, count: 0 };
  for (const row of rows) {
    const tally = tallies.get(row.bucket);
    if (!tally) throw new Error(`unknown aging bucket ${row.bucket}`);
    tally.amountMinor += BigInt(row.amount_minor);
    tally.count += row.count;
    total.amountMinor += BigInt(row.amount_minor);
    total.count += row.count;
  }
  return {
    buckets: order.map((bucket) => {
      const tally = tallies.get(bucket) as Tally;
      return { bucket, amount: formatMinorUnits(tally.amountMinor, currency), count: tally.count };
    }),
    total: { amount: formatMinorUnits(total.amountMinor, currency), count: total.count },
  };
}

export function toAgingReport(
  asOf: string,
  rows: AgingBucketRow[],
  customerRows?: AgingCustomerBucketRow[],
  chargeRows: AgingBucketRow[] = [],
  scheme: AgingScheme = 'standard',
): AgingReportView {
  const customersByCurrency = Map.groupBy(customerRows ?? [], (row) => row.currency);
  const invoicesByCurrency = Map.groupBy(rows, (row) => row.currency);
  const chargesByCurrency = Map.groupBy(chargeRows, (row) => row.currency);
  const currencies = [...new Set([...invoicesByCurrency.keys(), ...chargesByCurrency.keys()])].sort();
  return {
    asOf,
    currencies: currencies.map((currency) => {
      const charges = chargesByCurrency.get(currency);
      const view = {
        currency,
        ...bucketsOf(invoicesByCurrency.get(currency) ?? [], currency, scheme),
        ...(charges ? { charges: bucketsOf(charges, currency, scheme) } : {}),
      };
      if (!customerRows) return view;
      // Rows come ordered by rank, so the map keeps the largest debtors first.
      const customers = Map.groupBy(customersByCurrency.get(currency) ?? [], (row) => row.customer_id);
      return {
        ...view,
        customers: [...customers].map(([customerId, own]) => ({
          customerId,
          ...bucketsOf(own, currency, scheme),
        })),
      };
    }),
  };
}

/** One CSV line per currency, section (invoices, charges, or a customer) and bucket, then its total. */
export function agingCsv(view: AgingReportView) {
  const header = ['asOf', 'currency', 'section', 'customerId', 'bucket', 'amount', 'count'];
  const rows: (string | number | null)[][] = [];
  for (const currency of view.currencies) {
    const section = (
      name: string,
      customerId: string | null,
      part: {
        buckets: { bucket: string; amount: string; count: number }[];
        total: { amount: string; count: number };
      },
    ) => {
      for (const b of part.buckets)
        rows.push([view.asOf, currency.currency, name, customerId, b.bucket, b.amount, b.count]);
      rows.push([
        view.asOf,
        currency.currency,
        name,
        customerId,
        'total',
        part.total.amount,
        part.total.count,
      ]);
    };
    section('invoices', null, currency);
    if (currency.charges) section('charges', null, currency.charges);
    for (const customer of currency.customers ?? []) section('customer', customer.customerId, customer);
  }
  return { header, rows };
}
