import type { FastifyPluginAsync } from 'fastify';
import { platformApi } from '../clients/platform-api.ts';
import type { ConsoleConfig } from '../config.ts';
import { agingChartSvg } from '../domain/aging-chart.ts';
import {
  FORECAST_WEEKS,
  type ForecastRow,
  filterQuery,
  forecastByCurrency,
  INSIGHT_REPORTS,
  type InsightReport,
  parseInsightFilter,
  reportRequest,
} from '../domain/insight.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { pageHelpers, renderPage } from './render.ts';

const BUCKET_LABELS: Record<string, MessageKey> = {
  later: 'insight.bucket.later',
  'overdue-not-expected': 'insight.bucket.overdue-not-expected',
  disputed: 'insight.bucket.disputed',
  open: 'insight.bucket.open',
};
const OPS = { config: { page: ['ops', 'admin'] as const } };
/** The reports that answer CSV (the forecast answers JSON only). */
const CSV_REPORTS: readonly InsightReport[] = INSIGHT_REPORTS.filter((r) => r !== 'forecast');

// The top fifth of a large portfolio is thousands of customers: the page shows the first of them, the CSV
// has all (rendering 8,000 rows took most of a second at 100,000 customers).
export const TOP_CUSTOMERS_SHOWN = 50;

/** Each report's section heading (the page's h2, the title of its part on a page alone). */
const HEADINGS: Record<InsightReport, MessageKey> = {
  'overdue-reasons': 'insight.reasons',
  'top-customers': 'insight.top',
  provision: 'insight.provision',
  forecast: 'insight.forecast',
  recovery: 'insight.recovery',
  collectors: 'insight.collectors',
};
const headingOf = (h: ReturnType<typeof pageHelpers>, report: InsightReport) =>
  h.t(HEADINGS[report], { weeks: FORECAST_WEEKS });

/**
 * Receivables insight for ops: the ledger's and dunning's period reports on one page. The page itself
 * asks no service: each report's section loads its part (htmx, on load), so the page shows at once and
 * every section as soon as its report answers, however slow the slowest is. A part a service cannot
 * answer (error, timeout) shows a short message in its section.
 */
export const insightRoutes: FastifyPluginAsync<{ config: ConsoleConfig; now: () => Date }> = async (
  app,
  { config, now },
) => {
  app.get<{ Querystring: Record<string, string> }>('/ops/insight', OPS, async (request, reply) => {
    const { filter, ignored } = parseInsightFilter(request.query, now());
    const h = pageHelpers(request);
    return renderPage(request, reply, 'insight', {
      filter,
      ignored,
      query: filterQuery(filter),
      sections: INSIGHT_REPORTS.map((report) => ({
        report,
        id: `section-${report}`,
        heading: headingOf(h, report),
      })),
    });
  });

  // One report's part: the fragment htmx swaps in, or (followed as a link) a page of its own.
  app.get<{ Params: { report: string }; Querystring: Record<string, string> }>(
    '/ops/insight/parts/:report',
    OPS,
    async (request, reply) => {
      const report = request.params.report as InsightReport;
      if (!INSIGHT_REPORTS.includes(report))
        return reply.status(404).type('text/plain').send('no such report');
      const { filter } = parseInsightFilter(request.query, now());
      const { service, path } = reportRequest(report, filter);
      let data: unknown;
      try {
        data = await platformApi(config, request.user!.username).raw[service].get<unknown>(path);
      } catch (error) {
        request.log.warn({ err: error, report }, 'insight report unavailable');
      }
      const h = pageHelpers(request);
      const alone = request.headers['hx-request'] !== 'true';
      reply.header('vary', 'HX-Request');
      return renderPage(request, reply, 'insight-part', {
        report,
        alone,
        heading: headingOf(h, report),
        query: filterQuery(filter),
        topShown: TOP_CUSTOMERS_SHOWN,
        data:
          // biome-ignore lint/suspicious/noExplicitAny: report shapes are read by the template only
          report === 'forecast' && data ? forecastLines(h, (data as any).rows as ForecastRow[]) : data,
      });
    },
  );

  // The service's own CSV of one report, under the console's session and key.
  app.get<{ Params: { report: string }; Querystring: Record<string, string> }>(
    '/ops/insight/csv/:report',
    OPS,
    async (request, reply) => {
      const report = request.params.report as InsightReport;
      if (!CSV_REPORTS.includes(report)) return reply.status(404).type('text/plain').send('no such report');
      const { filter } = parseInsightFilter(request.query, now());
      const { service, path } = reportRequest(report, filter);
      const api = platformApi(config, request.user!.username);
      const response = await api.raw[service].raw(path, { method: 'GET', accept: 'text/csv' });
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok)
        return reply.status(502).type('text/plain').send(`${service} answered ${response.status}`);
      return reply
        .type(response.headers.get('content-type') ?? 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report}-${filter.from}-${filter.to}.csv"`)
        .send(body);
    },
  );
};

/** The forecast's rows per currency, with each bucket's label and the weeks' chart. */
function forecastLines(h: ReturnType<typeof pageHelpers>, rows: ForecastRow[]) {
  return forecastByCurrency(rows).map((line) => ({
    ...line,
    others: line.others.map((row) => ({
      ...row,
      label: BUCKET_LABELS[row.bucket] ? h.t(BUCKET_LABELS[row.bucket] as MessageKey) : row.bucket,
    })),
    chart: agingChartSvg(
      h.t('insight.forecastChart', { currency: line.currency, weeks: FORECAST_WEEKS }),
      line.weeks.map((w) => ({
        label: String(w.week),
        amount: w.amount,
        shown: `${h.date(w.from ?? '')} – ${h.date(w.to ?? '')}: ${h.amount(w.amount, line.currency)}`,
      })),
    ),
  }));
}
