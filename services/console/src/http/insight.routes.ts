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

/**
 * Receivables insight for ops: the ledger's and dunning's period reports on one page. Each report is
 * asked once; one a service cannot answer (error, timeout) leaves its section with a short message.
 */
export const insightRoutes: FastifyPluginAsync<{ config: ConsoleConfig; now: () => Date }> = async (
  app,
  { config, now },
) => {
  app.get<{ Querystring: Record<string, string> }>('/ops/insight', OPS, async (request, reply) => {
    const { filter, ignored } = parseInsightFilter(request.query, now());
    const api = platformApi(config, request.user!.username);
    const reports = await Promise.all(
      INSIGHT_REPORTS.map(async (report) => {
        const { service, path } = reportRequest(report, filter);
        try {
          return [report, await api.raw[service].get<unknown>(path)] as const;
        } catch (error) {
          request.log.warn({ err: error, report }, 'insight report unavailable');
          return [report, undefined] as const;
        }
      }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: report shapes are read by the template only
    const data = Object.fromEntries(reports) as Record<InsightReport, any>;
    const h = pageHelpers(request);
    const forecast = data.forecast
      ? forecastByCurrency(data.forecast.rows as ForecastRow[]).map((line) => ({
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
        }))
      : undefined;
    return renderPage(request, reply, 'insight', {
      filter,
      ignored,
      query: filterQuery(filter),
      csv: CSV_REPORTS,
      reasons: data['overdue-reasons'],
      top: data['top-customers'],
      provision: data.provision,
      forecast,
      forecastWeeks: FORECAST_WEEKS,
      recovery: data.recovery,
      collectors: data.collectors,
    });
  });

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
