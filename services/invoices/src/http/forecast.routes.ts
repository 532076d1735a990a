import { IsoDate, localDate } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { forecastItems, openPromises } from '../db/forecast.queries.ts';
import {
  DEFAULT_FORECAST_RULES,
  FORECAST_LOOKBACK_DAYS,
  forecastCollections,
} from '../domain/cash-forecast.ts';
import {
  ForecastReportView,
  forecastCsv,
  toForecastItems,
  toForecastPromises,
  toForecastReport,
} from '../reports/forecast-report.ts';
import { reportFilterShape } from '../reports/report-filter.ts';
import { replyReport } from './report-reply.ts';

export interface ForecastRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
  /** REPORTING_TIME_ZONE: where a reporting day ends. */
  timeZone: string;
}

const FORECAST_DESCRIPTION = `Expected collections per week for the next \`weeks\` weeks after \`asOf\` (the end of that day in
the reporting zone), per currency, from the invoices open as of \`asOf\`. Each open amount is expected on its due date
moved by its customer's median days late over their payments in the ${FORECAST_LOOKBACK_DAYS} days up to \`asOf\`
(the portfolio's median for a customer with fewer than ${DEFAULT_FORECAST_RULES.minPayments} payments), or on the date of
an open promise to pay that names it (up to the promised amount, earliest due first). An amount whose expected date has
passed is expected in week 1 unless it is more than ${DEFAULT_FORECAST_RULES.staleDays} days past it. The part under an
open dispute is in \`disputed\`, never in a week; overdue amounts not expected within the horizon are in
\`overdue-not-expected\`; amounts not yet due and expected after the horizon in \`later\`. See the service README.
The filters \`currency\`, \`industry\`, \`country\` and \`collectorId\` (from the customers' profiles) choose the open
invoices and promises; each customer's own history and the portfolio's median stay those of all payments. CSV with
\`Accept: text/csv\` or \`format=csv\`: one line per row, with asOf, lookbackDays and portfolioMedianDaysLate.`;

export const forecastRoutes: FastifyPluginAsyncZod<ForecastRoutesOptions> = async (
  app,
  { pool, now, timeZone },
) => {
  app.get(
    '/v1/reports/forecast',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getCashFlowForecast',
        summary: 'Cash-flow forecast: expected collections per week and currency',
        description: FORECAST_DESCRIPTION,
        querystring: z.strictObject({
          weeks: z.coerce.number().int().min(1).max(52).default(13),
          asOf: IsoDate.optional().meta({ description: 'Defaults to today in the reporting zone' }),
          ...reportFilterShape,
        }),
        response: { 200: ForecastReportView },
      },
    },
    async (request, reply) => {
      const { weeks, asOf = localDate(now(), timeZone), format, ...rest } = request.query;
      const filter = {
        ...rest,
        asOf,
        timeZone,
        lookbackDays: FORECAST_LOOKBACK_DAYS,
        minPayments: DEFAULT_FORECAST_RULES.minPayments,
      };
      const [itemRows, promiseRows] = await Promise.all([
        forecastItems(pool, filter),
        openPromises(pool, filter),
      ]);
      const portfolioMedianDaysLate = itemRows[0]?.portfolio_median_days_late ?? null;
      const forecasts = forecastCollections({
        asOf,
        weeks,
        items: toForecastItems(itemRows),
        promises: toForecastPromises(promiseRows),
        portfolioMedianDaysLate,
      });
      const view = toForecastReport(
        { asOf, weeks, lookbackDays: FORECAST_LOOKBACK_DAYS, portfolioMedianDaysLate },
        forecasts,
      );
      return replyReport(request, reply, `forecast-${asOf}`, view, forecastCsv);
    },
  );
};
