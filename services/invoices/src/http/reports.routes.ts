import { EntityId, IsoDate, localDate } from '@dunning/contracts';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';
import { chargeAgingBuckets } from '../db/charge-aging.queries.ts';
import {
  overdueReasons,
  provisionBalances,
  topCustomers,
  writeOffsByMonth,
} from '../db/insight-reports.queries.ts';
import { agingBuckets, agingBucketsByCustomer, kpis } from '../db/reports.queries.ts';
import { addDays, completeMonthsBefore, monthsUpTo } from '../domain/report-months.ts';
import { AgingReportView, agingCsv, toAgingReport } from '../reports/aging-report.ts';
import { KpiReportView, kpiCsv, toKpiReport } from '../reports/kpi-report.ts';
import {
  OverdueReasonsReportView,
  overdueReasonsCsv,
  toOverdueReasonsReport,
} from '../reports/overdue-reasons-report.ts';
import { ProvisionReportView, provisionCsv, toProvisionReport } from '../reports/provision-report.ts';
import { reportFilterShape } from '../reports/report-filter.ts';
import type { KpiTargets, ProvisionMatrix } from '../reports/report-settings.ts';
import {
  TopCustomersReportView,
  topCustomersCsv,
  toTopCustomersReport,
} from '../reports/top-customers-report.ts';
import { TrendsReportView, toTrendsReport, trendsCsv } from '../reports/trends-report.ts';
import { replyReport } from './report-reply.ts';

export interface ReportsRoutesOptions {
  pool: pg.Pool;
  now: () => Date;
  /** REPORTING_TIME_ZONE: where a reporting day ends. */
  timeZone: string;
  provisionMatrix: ProvisionMatrix;
  kpiTargets: KpiTargets;
}

const FILTERS = `Every report takes the filters \`currency\`, \`industry\`, \`country\` (the customer's address) and
\`collectorId\` (from the customers' profiles), and answers CSV with \`Accept: text/csv\` or \`format=csv\` (cells a
spreadsheet would read as a formula are prefixed with ').`;

const period = z
  .strictObject({ from: IsoDate, to: IsoDate, ...reportFilterShape })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'must not be before from' });

const AGING_DESCRIPTION = `Open receivables as of the end of \`asOf\` in the reporting zone (REPORTING_TIME_ZONE,
default UTC): invoices issued on or before \`asOf\` whose
balance (the sum of their entries that occurred before the end of that day) is above 0; cancelled, written-off and
paid invoices drop out by their entries. Days past due = asOf − dueDate in calendar days: \`current\` (0 or less,
not yet past due), \`1-30\`, \`31-60\`, \`61-90\`, \`90+\`. Amount and count per bucket and per currency, with the
currency's total. Drill-down: \`customerId\` restricts the report to one customer; \`byCustomer=true\` adds, per
currency, the \`limit\` customers owing the most with their own buckets.
Dunning charges (fees and interest) are not in the invoices' buckets: a currency with charges open as of \`asOf\`
(levied by then, not waived by then) has \`charges\`, their own five buckets, each charge aged from the day it was
levied (in the reporting zone).
\`buckets=extended\` splits the top bucket: \`91-180\` and \`181+\` in place of \`90+\`.`;

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

const OVERDUE_REASONS_DESCRIPTION = `Invoices given an overdue reason in the period [from, to] (whole days in the
reporting zone): a collector's task outcome (dunning.task.outcome-recorded) or a dispute (its \`reasonCode\`, else
\`contract-dispute\`). An invoice counts once, under the last reason given to it in the period. Per reason and
currency: invoices, distinct customers, their issued amounts, what they still owe now, and how they ended by now:
\`open\` (balance above 0), else by the last entry that reduced the balance: payment or discount → \`paid\`,
write-off → \`writtenOff\`, credit note, dispute adjustment or cancellation → \`credited\`.
${FILTERS}`;

const TOP_CUSTOMERS_DESCRIPTION = `Collections in the period [from, to] (payments that occurred in it; the initial
load's balances are not payments), per currency: the total, and the top 20 % of the customers who paid (ceil(20 %
of them), ranked by amount collected, ties by customerId), each with their share and payment-cycle stability.
Days late of a payment = the payment's date in the customer's time zone − the invoice's due date, in calendar days
(negative when early, 0 on the due date); \`daysLateMean\` and \`daysLateStdDev\` (population standard deviation)
are over the customer's payments in the period, each part payment counting once.
${FILTERS}`;

const PROVISION_DESCRIPTION = `Bad-debt provision as of \`asOf\` (end of day in the reporting zone): each open
balance (the aging report's rule, extended buckets current … 181+) times the rate of the customer's risk class
(the last class credit-risk assessed before the end of that day; \`unknown\` before any) and bucket, from the
PROVISION_MATRIX configuration; rounded half away from zero per class and bucket. \`trend\`: for each of the
\`months\` months up to asOf's (that one ending at asOf), the provision on the eve of the month and at its end, the
write-offs in it, and the coverage ratio = provision on the eve / write-offs in the month (null without write-offs).
${FILTERS}`;

const TRENDS_DESCRIPTION = `For each of the last \`months\` whole calendar months before the current one (in the
reporting zone), per currency: DSO, AR turnover, overdue ratio, 90+ share (closing AR more than 90 days past due /
closing AR), bad-debt rate and CEI, computed for the month exactly as GET /v1/reports/kpis defines them, each with
its target from KPI_TARGETS and whether it is met. All months are computed in one query.
${FILTERS}`;

export const reportsRoutes: FastifyPluginAsyncZod<ReportsRoutesOptions> = async (
  app,
  { pool, now, timeZone, provisionMatrix, kpiTargets },
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
          customerId: EntityId.optional(),
          byCustomer: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          buckets: z.enum(['standard', 'extended']).default('standard'),
          ...reportFilterShape,
        }),
        response: { 200: AgingReportView },
      },
    },
    async (request, reply) => {
      const {
        asOf = localDate(now(), timeZone),
        customerId,
        byCustomer,
        limit,
        buckets,
        format,
        ...rest
      } = request.query;
      const filter = { ...rest, asOf, customerId, timeZone, scheme: buckets };
      const [rows, customerRows, chargeRows] = await Promise.all([
        agingBuckets(pool, filter),
        byCustomer === 'true' ? agingBucketsByCustomer(pool, filter, limit) : undefined,
        chargeAgingBuckets(pool, filter),
      ]);
      const view = toAgingReport(asOf, rows, customerRows, chargeRows, buckets);
      return replyReport(request, reply, `aging-${asOf}`, view, agingCsv);
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
        querystring: period,
        response: { 200: KpiReportView },
      },
    },
    async (request, reply) => {
      const { from, to, format, ...filter } = request.query;
      const view = toKpiReport(from, to, await kpis(pool, { ...filter, periods: [{ from, to }], timeZone }));
      return replyReport(request, reply, `kpis-${from}-${to}`, view, kpiCsv);
    },
  );

  app.get(
    '/v1/reports/overdue-reasons',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getOverdueReasonsReport',
        summary: 'Why invoices are late: amounts, invoices, customers and how they ended, per overdue reason',
        description: OVERDUE_REASONS_DESCRIPTION,
        querystring: period,
        response: { 200: OverdueReasonsReportView },
      },
    },
    async (request, reply) => {
      const { from, to, format, ...filter } = request.query;
      const view = toOverdueReasonsReport(
        from,
        to,
        await overdueReasons(pool, { ...filter, from, to, timeZone }),
      );
      return replyReport(request, reply, `overdue-reasons-${from}-${to}`, view, overdueReasonsCsv);
    },
  );

  app.get(
    '/v1/reports/top-customers',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getTopCustomersReport',
        summary: 'The top 20 % of paying customers: their share of collections and how steadily they pay',
        description: TOP_CUSTOMERS_DESCRIPTION,
        querystring: period,
        response: { 200: TopCustomersReportView },
      },
    },
    async (request, reply) => {
      const { from, to, format, ...filter } = request.query;
      const view = toTopCustomersReport(
        from,
        to,
        await topCustomers(pool, { ...filter, from, to, timeZone }),
      );
      return replyReport(request, reply, `top-customers-${from}-${to}`, view, topCustomersCsv);
    },
  );

  app.get(
    '/v1/reports/provision',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getProvisionReport',
        summary:
          'Bad-debt provision by risk class and aging bucket, its monthly trend and coverage of write-offs',
        description: PROVISION_DESCRIPTION,
        querystring: z.strictObject({
          asOf: IsoDate.optional().meta({ description: 'Defaults to today in the reporting zone' }),
          months: z.coerce.number().int().min(1).max(24).default(6).meta({
            description: 'Months of trend, up to the month of asOf',
          }),
          ...reportFilterShape,
        }),
        response: { 200: ProvisionReportView },
      },
    },
    async (request, reply) => {
      const { asOf = localDate(now(), timeZone), months, format, ...filter } = request.query;
      const periods = monthsUpTo(asOf, months);
      // The provision as of the eve of each month and as of asOf: every start and end the trend needs.
      const dates = [...periods.map((p) => addDays(p.from, -1)), asOf];
      const first = periods[0]?.from ?? asOf;
      const [balances, writeOffs] = await Promise.all([
        provisionBalances(pool, { ...filter, dates, timeZone }),
        writeOffsByMonth(pool, { ...filter, from: first, to: asOf, timeZone }),
      ]);
      const view = toProvisionReport(asOf, provisionMatrix, balances, periods, writeOffs);
      return replyReport(request, reply, `provision-${asOf}`, view, provisionCsv);
    },
  );

  app.get(
    '/v1/reports/trends',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['reports'],
        operationId: 'getTrendsReport',
        summary: 'Monthly KPIs of the last months against their targets',
        description: TRENDS_DESCRIPTION,
        querystring: z.strictObject({
          months: z.coerce.number().int().min(1).max(36).default(12),
          ...reportFilterShape,
        }),
        response: { 200: TrendsReportView },
      },
    },
    async (request, reply) => {
      const { months, format, ...filter } = request.query;
      const periods = completeMonthsBefore(localDate(now(), timeZone), months);
      const rows = await kpis(pool, { ...filter, periods, timeZone });
      const view = toTrendsReport(periods, rows, kpiTargets);
      return replyReport(request, reply, 'trends', view, trendsCsv);
    },
  );
};
