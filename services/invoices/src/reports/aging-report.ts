import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { AgingBucketRow, AgingCustomerBucketRow } from '../db/reports.queries.ts';

/** Aging buckets in order, labelled as the contract says; days past due = asOf − dueDate. */
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const BucketView = z.object({
  bucket: z.enum(AGING_BUCKETS),
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
      buckets: z.array(BucketView).meta({ description: 'Always the five buckets, in order' }),
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

/** Adds up rows into the five buckets (empty ones included) and their total. */
function bucketsOf(rows: AgingBucketRow[], currency: string) {
  const tallies = new Map<string, Tally>(
    AGING_BUCKETS.map((bucket) => [bucket, { amountMinor: 0n, count: 0 }]),
  );
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
    buckets: AGING_BUCKETS.map((bucket) => {
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
        ...bucketsOf(invoicesByCurrency.get(currency) ?? [], currency),
        ...(charges ? { charges: bucketsOf(charges, currency) } : {}),
      };
      if (!customerRows) return view;
      // Rows come ordered by rank, so the map keeps the largest debtors first.
      const customers = Map.groupBy(customersByCurrency.get(currency) ?? [], (row) => row.customer_id);
      return {
        ...view,
        customers: [...customers].map(([customerId, own]) => ({ customerId, ...bucketsOf(own, currency) })),
      };
    }),
  };
}
