import { z } from 'zod';
import type { KpiRow } from '../db/reports.queries.ts';
import { meetsTarget } from '../domain/report-math.ts';
import type { MonthPeriod } from '../domain/report-months.ts';
import { KPI_NAMES, type KpiName, type KpiTargets } from './report-settings.ts';

const Figure = z.object({
  value: z
    .string()
    .nullable()
    .meta({ description: '4 decimals, as in the KPI report; null when its denominator is 0' }),
  target: z.string(),
  better: z.enum(['lower', 'higher']),
  met: z
    .boolean()
    .meta({ description: 'value ≤ target (lower is better) or ≥ target; false when value is null' }),
});

export const TrendsReportView = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      from: z.string(),
      to: z.string(),
      currencies: z.array(
        z.object({
          currency: z.string(),
          ...(Object.fromEntries(KPI_NAMES.map((name) => [name, Figure])) as Record<KpiName, typeof Figure>),
        }),
      ),
    }),
  ),
});
export type TrendsReportView = z.infer<typeof TrendsReportView>;

const figureOf: Record<KpiName, (row: KpiRow) => string | null> = {
  dso: (row) => row.dso,
  arTurnover: (row) => row.ar_turnover,
  overdueRatio: (row) => row.overdue_ratio,
  over90Share: (row) => row.over_90_share,
  badDebtRate: (row) => row.bad_debt_rate,
  cei: (row) => row.cei,
};

export function toTrendsReport(months: MonthPeriod[], rows: KpiRow[], targets: KpiTargets): TrendsReportView {
  const byMonth = Map.groupBy(rows, (row) => row.period_from);
  return {
    months: months.map((period) => ({
      ...period,
      currencies: (byMonth.get(period.from) ?? []).map((row) => ({
        currency: row.currency,
        ...(Object.fromEntries(
          KPI_NAMES.map((name) => {
            const value = figureOf[name](row);
            const target = targets[name];
            return [
              name,
              { value, target: target.value, better: target.better, met: meetsTarget(value, target) },
            ];
          }),
        ) as Record<KpiName, z.infer<typeof Figure>>),
      })),
    })),
  };
}

/** One line per month, currency and figure. */
export function trendsCsv(view: TrendsReportView) {
  const header = ['month', 'currency', 'kpi', 'value', 'target', 'better', 'met'];
  const rows = view.months.flatMap((m) =>
    m.currencies.flatMap((c) =>
      KPI_NAMES.map((name) => [
        m.month,
        c.currency,
        name,
        c[name].value,
        c[name].target,
        c[name].better,
        c[name].met,
      ]),
    ),
  );
  return { header, rows };
}
