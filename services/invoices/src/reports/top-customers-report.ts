import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { TopCustomerRow } from '../db/insight-reports.queries.ts';
import { ratio4 } from '../domain/report-math.ts';

const Amount = z.string().meta({ description: 'Decimal string in the currency' });
const Ratio = z.string().meta({ description: 'Decimal string with 4 decimals, 0 to 1' });

export const TopCustomersReportView = z.object({
  from: z.string(),
  to: z.string(),
  currencies: z.array(
    z.object({
      currency: z.string(),
      collected: Amount.meta({ description: 'All payments received in the period' }),
      payingCustomers: z.int().meta({ description: 'Customers who paid anything in the period' }),
      topCustomers: z.int().meta({ description: 'ceil(20 % of the paying customers)' }),
      topCollected: Amount,
      topShare: Ratio.meta({ description: 'topCollected / collected' }),
      customers: z.array(
        z.object({
          customerId: z.string(),
          rank: z.int(),
          collected: Amount,
          share: Ratio.meta({ description: "The customer's collected / the currency's collected" }),
          payments: z.int(),
          daysLateMean: z.string().meta({ description: 'Mean days late of the payments, 4 decimals' }),
          daysLateStdDev: z
            .string()
            .meta({ description: 'Population standard deviation of the days late, 4 decimals; 0 is steady' }),
        }),
      ),
    }),
  ),
});
export type TopCustomersReportView = z.infer<typeof TopCustomersReportView>;

export function toTopCustomersReport(
  from: string,
  to: string,
  rows: TopCustomerRow[],
): TopCustomersReportView {
  return {
    from,
    to,
    currencies: [...Map.groupBy(rows, (row) => row.currency)].map(([currency, own]) => {
      const money = (minor: bigint) => formatMinorUnits(minor, currency);
      const total = BigInt(own[0]?.total_minor ?? '0');
      const top = own.reduce((sum, row) => sum + BigInt(row.collected_minor), 0n);
      return {
        currency,
        collected: money(total),
        payingCustomers: own[0]?.customers ?? 0,
        topCustomers: own.length,
        topCollected: money(top),
        topShare: ratio4(top, total) ?? '0.0000',
        customers: own.map((row) => ({
          customerId: row.customer_id,
          rank: row.rank,
          collected: money(BigInt(row.collected_minor)),
          share: ratio4(BigInt(row.collected_minor), total) ?? '0.0000',
          payments: row.payments,
          daysLateMean: row.days_late_mean,
          daysLateStdDev: row.days_late_stddev,
        })),
      };
    }),
  };
}

export function topCustomersCsv(view: TopCustomersReportView) {
  const header = [
    'from',
    'to',
    'currency',
    'rank',
    'customerId',
    'collected',
    'share',
    'payments',
    'daysLateMean',
    'daysLateStdDev',
    'currencyCollected',
    'topShare',
  ];
  const rows = view.currencies.flatMap((c) =>
    c.customers.map((customer) => [
      view.from,
      view.to,
      c.currency,
      customer.rank,
      customer.customerId,
      customer.collected,
      customer.share,
      customer.payments,
      customer.daysLateMean,
      customer.daysLateStdDev,
      c.collected,
      c.topShare,
    ]),
  );
  return { header, rows };
}
