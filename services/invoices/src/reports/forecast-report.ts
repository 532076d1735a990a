import { formatMinorUnits } from '@dunning/contracts';
import { z } from 'zod';
import type { ForecastItemRow, ForecastPromiseRow } from '../db/forecast.queries.ts';
import {
  type CurrencyForecast,
  dayNumber,
  type ForecastItem,
  type ForecastPromise,
  isoDateOf,
} from '../domain/cash-forecast.ts';

export const FORECAST_BUCKETS = ['week', 'later', 'overdue-not-expected', 'disputed', 'open'] as const;

const ForecastRowView = z.object({
  currency: z.string(),
  bucket: z.enum(FORECAST_BUCKETS).meta({
    description:
      '`week`: expected in week `week` (from–to); `later`: not overdue, expected after the horizon; ' +
      '`overdue-not-expected`: overdue and not expected within the horizon; `disputed`: under an open dispute, ' +
      'in no week; `open`: everything open as of asOf (the sum of the others)',
  }),
  week: z.int().nullable().meta({ description: '1…weeks for `week` rows, else null' }),
  from: z.string().nullable().meta({ description: 'First day of the week (asOf + 7(week − 1) + 1)' }),
  to: z.string().nullable().meta({ description: 'Last day of the week (asOf + 7 × week)' }),
  amount: z.string().meta({ description: 'Decimal string in the currency' }),
});

export const ForecastReportView = z.object({
  asOf: z.string(),
  weeks: z.int(),
  lookbackDays: z.int(),
  portfolioMedianDaysLate: z
    .int()
    .nullable()
    .meta({ description: 'Fallback delay for customers with too little history; null without payments' }),
  rows: z.array(ForecastRowView).meta({
    description:
      'Flat rows: per currency (sorted), the weeks in order, then later, overdue-not-expected, disputed, open',
  }),
});
export type ForecastReportView = z.infer<typeof ForecastReportView>;

/** SQL rows to the pure model's items (a grouped row stands for several invoices alike to the model). */
export function toForecastItems(rows: ForecastItemRow[]): ForecastItem[] {
  return rows.map((row) => ({
    currency: row.currency,
    dueDate: row.due_date,
    openMinor: BigInt(row.open_minor),
    disputedMinor: BigInt(row.disputed_minor),
    history: { payments: row.payments, medianDaysLate: row.median_days_late },
    ...(row.invoice_id === null ? {} : { invoiceId: row.invoice_id }),
  }));
}

export function toForecastPromises(rows: ForecastPromiseRow[]): ForecastPromise[] {
  return rows.map((row) => ({
    promiseId: row.promise_id,
    currency: row.currency,
    invoiceIds: row.invoice_ids,
    promisedDate: row.promised_date,
    amountMinor: BigInt(row.amount_minor),
  }));
}

export function toForecastReport(
  header: Omit<ForecastReportView, 'rows'>,
  forecasts: CurrencyForecast[],
): ForecastReportView {
  const asOfDay = dayNumber(header.asOf);
  const rows = forecasts.flatMap(({ currency, ...forecast }) => {
    const row = (bucket: (typeof FORECAST_BUCKETS)[number], minor: bigint) => ({
      currency,
      bucket,
      week: null,
      from: null,
      to: null,
      amount: formatMinorUnits(minor, currency),
    });
    return [
      ...forecast.weeks.map((minor, index) => ({
        ...row('week', minor),
        week: index + 1,
        from: isoDateOf(asOfDay + 7 * index + 1),
        to: isoDateOf(asOfDay + 7 * (index + 1)),
      })),
      row('later', forecast.later),
      row('overdue-not-expected', forecast.overdueNotExpected),
      row('disputed', forecast.disputed),
      row('open', forecast.open),
    ];
  });
  return { ...header, rows };
}

/** One line per row of the view; the header's figures (asOf, lookback, portfolio median) on every line. */
export function forecastCsv(view: ForecastReportView) {
  const header = [
    'asOf',
    'lookbackDays',
    'portfolioMedianDaysLate',
    'currency',
    'bucket',
    'week',
    'from',
    'to',
    'amount',
  ];
  const rows = view.rows.map((row) => [
    view.asOf,
    view.lookbackDays,
    view.portfolioMedianDaysLate,
    row.currency,
    row.bucket,
    row.week,
    row.from,
    row.to,
    row.amount,
  ]);
  return { header, rows };
}
