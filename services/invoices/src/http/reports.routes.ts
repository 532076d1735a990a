import { CurrencyCode, EntityId, IsoDate, localDate } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { chargeAgingBuckets } from '../db/charge-aging.queries.ts';
import { agingBuckets, agingBucketsByCustomer, kpis } from '../db/reports.queries.ts';
import { AgingReportView, toAgingReport } from '../reports/aging-report.ts';
import { KpiReportView, toKpiReport } from '../reports/kpi-report.ts';

export interface ReportsRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
  /** REPORTING_TIME_ZONE: where a reporting day ends. */
  timeZone: string;
}

const AGING_DESCRIPTION = `Open receivables as of the end of \`asOf\` in the reporting zone (REPORTING_TIME_ZONE,
default UTC): invoices issued on or before \`asOf\` whose
balance (the sum of their entries that occurred before the end of that day) is above 0; cancelled, written-off and
paid invoices drop out by their entries. Days past due = asOf − dueDate in calendar days: \`current\` (0 or less,
not yet past due), \`1-30\`, \`31-60\`, \`61-90\`, \`90+\`. Amount and count per bucket and per currency, with the
currency's total. Drill-down: \`customerId\` restricts the report to one customer; \`byCustomer=true\` adds, per
currency, the \`limit\` customers owing the most with their own buckets.
Dunning charges (fees and interest) are not in the invoices' buckets: a currency with charges open as of \`asOf\`
(levied by then, not waived by then) has \`charges\`, their own five buckets, each charge aged from the day it was
levied (in the reporting zone).`;

const KPI_DESCRIPTION = `Per currency, for the period [from, to] (whole days in the reporting zone, REPORTING_TIME_ZONE,
default UTC; days = to − from + 1).
Opening AR = the aging total as of the day before \`from\`; closing AR = the aging total as of \`to\`; closing current
= the part of closing AR not yet past due at \`to\`; credit sales = amounts of invoices issued in the period and not
cancelled by its end; cancelled = balances of older invoices cancelled in the period; written off = write-off
entries that occurred in the period; discounts taken = early-payment discount entries that occurred in the period.
DSO = closing AR / credit sales × days. AR turnover = credit sales / ((opening AR + closing AR) / 2).
Overdue ratio = (closing AR − closing current) / closing AR. CEI = (opening AR + credit sales − cancelled − closing
AR) / (opening AR + credit sales − cancelled − closing current) × 100. Bad-debt loss rate = written off / (opening AR + credit sales).
Average days late, over the invoices settled in the period (balance 0 or less at \`to\`, neither written off nor
cancelled, last payment in the period): days late = the date of that last payment in the customer's zone − due date
(the ledger's daysLate), 0 if on time;
simple mean and mean weighted by invoice amount. Balances opened by the initial load are not payments.
Ratios are computed on exact numbers in PostgreSQL and rounded half away from zero to 4 decimals; null when the
denominator is 0.`;

export const reportsRoutes: FastifyPluginAsyncZod<ReportsRoutesOptions> = async (
  app,
  { pool, now, timeZone },
) => {
  app.get(
    '/v1/reports/aging',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getAgingReport',
        summary: 'Aging of open receivables as of a date',
        description: AGING_DESCRIPTION,
        querystring: z.strictObject({
          asOf: IsoDate.optional().meta({ description: 'Defaults to today in the reporting zone' }),
          currency: CurrencyCode.optional().meta({ description: 'Defaults to every currency' }),
          customerId: EntityId.optional(),
          byCustomer: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: AgingReportView },
      },
    },
    async (request) => {
      const { asOf = localDate(now(), timeZone), currency, customerId, byCustomer, limit } = request.query;
      const filter = { asOf, currency, customerId, timeZone };
      const [rows, customerRows, chargeRows] = await Promise.all([
        agingBuckets(pool, filter),
        byCustomer === 'true' ? agingBucketsByCustomer(pool, filter, limit) : undefined,
        chargeAgingBuckets(pool, filter),
      ]);
      return toAgingReport(asOf, rows, customerRows, chargeRows);
    },
  );

  app.get(
    '/v1/reports/kpis',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getKpiReport',
        summary:
          'Receivables KPIs for a period: DSO, AR turnover, overdue ratio, CEI, bad-debt rate, days late',
        description: KPI_DESCRIPTION,
        querystring: z
          .strictObject({
            from: IsoDate,
            to: IsoDate,
            currency: CurrencyCode.optional().meta({ description: 'Defaults to every currency' }),
          })
          .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not be before from' }),
        response: { 200: KpiReportView },
      },
    },
    async (request) => {
      const { from, to, currency } = request.query;
      return toKpiReport(from, to, await kpis(pool, { from, to, currency, timeZone }));
    },
  );
};
