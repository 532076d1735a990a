import type { FastifyPluginAsync } from 'fastify';
import { platformApi, type ServiceKey } from '../clients/platform-api.ts';
import type {
  CasesByLevel,
  EffectivenessReport,
  KpiReport,
  OpsStatus,
  TrendsReport,
} from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { agingChartSvg } from '../domain/aging-chart.ts';
import { deliveriesByChannel } from '../domain/deliveries.ts';
import { TREND_METRICS, type TrendMetric, trendChartSvg, trendSeries } from '../domain/kpi-trend.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { pageHelpers, renderPage } from './render.ts';

const SERVICES: readonly ServiceKey[] = ['invoices', 'credit-risk', 'dunning', 'notifications'];
/** The services with a BullMQ queue board (`/ops/queues`). */
export const QUEUE_BOARDS: readonly ServiceKey[] = ['dunning', 'notifications'];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Whole months of KPI trend on the dashboard (the ledger's trends report, one call). */
const TREND_MONTHS = 6;
/** Days of notices counted per channel (notifications counts them in its database). */
const DELIVERY_DAYS = 30;
const METRIC_LABELS: Record<TrendMetric, MessageKey> = {
  dso: 'ops.dso',
  arTurnover: 'ops.arTurnover',
  overdueRatio: 'ops.overdueRatio',
  over90Share: 'ops.over90Share',
  badDebtRate: 'ops.badDebtRate',
  cei: 'ops.cei',
};
const METRIC_DIGITS: Record<TrendMetric, number> = {
  dso: 1,
  arTurnover: 4,
  overdueRatio: 4,
  over90Share: 4,
  badDebtRate: 4,
  cei: 1,
};

export const opsRoutes: FastifyPluginAsync<{ config: ConsoleConfig; now: () => Date }> = async (
  app,
  { config, now },
) => {
  const dashboard = async (
    request: Parameters<typeof renderPage>[0],
    reply: Parameters<typeof renderPage>[1],
  ) => {
    const api = platformApi(config, request.user!.username);
    const today = now();
    const from = new Date(today.getTime() - 29 * 86_400_000);
    // A figure a service cannot give leaves its section out; the rest of the dashboard still renders.
    const [aging, kpis, effectiveness, trendReport, levels, notices] = await Promise.all([
      api.invoices.aging(),
      api.invoices.kpis(isoDay(from), isoDay(today)).catch((): KpiReport | undefined => undefined),
      api.dunning.effectiveness().catch((): EffectivenessReport | undefined => undefined),
      api.invoices.trends(TREND_MONTHS).catch((): TrendsReport | undefined => undefined),
      api.dunning.casesByLevel().catch((): CasesByLevel | undefined => undefined),
      api.notifications
        .deliveries(new Date(today.getTime() - DELIVERY_DAYS * 86_400_000), today)
        .catch(() => undefined),
    ]);
    const h = pageHelpers(request);
    const series = trendSeries(trendReport);
    const months = trendReport?.months.map((m) => m.month) ?? [];
    const trends = [...new Set(series.map((s) => s.currency))].map((currency) => {
      const lines = series.filter((s) => s.currency === currency);
      return {
        currency,
        targets: lines.map((line) =>
          line.target === null
            ? '–'
            : `${line.better === 'lower' ? '≤' : '≥'} ${h.number(line.target, METRIC_DIGITS[line.metric])}`,
        ),
        rows: months.map((month, i) => ({
          period: month,
          cells: lines.map((line) => {
            const figure = line.figures[i] ?? null;
            return {
              metric: line.metric,
              value: figure?.value ?? null,
              shown: h.number(figure?.value ?? null, METRIC_DIGITS[line.metric]),
              // No figure at all (or a null one) is neither met nor missed: the cell says so.
              met: figure === null || figure.value === null ? null : figure.met,
            };
          }),
        })),
        charts: lines.map((line) =>
          trendChartSvg(
            h.t('ops.trendChart', { metric: h.t(METRIC_LABELS[line.metric]), currency }),
            months.map((month, i) => ({
              label: month,
              value: line.figures[i]?.value ?? null,
              shown: h.number(line.figures[i]?.value ?? null, METRIC_DIGITS[line.metric]),
            })),
            line.target,
          ),
        ),
      };
    });
    return renderPage(request, reply, 'ops', {
      aging,
      kpis,
      effectiveness,
      trendMonths: TREND_MONTHS,
      trendMetrics: TREND_METRICS.map((metric) => METRIC_LABELS[metric]),
      trends,
      levels,
      deliveries: notices ? { days: DELIVERY_DAYS, rows: deliveriesByChannel(notices.channels) } : undefined,
      charts: aging.currencies.map((line) =>
        agingChartSvg(
          h.t('ops.chart', { currency: line.currency }),
          line.buckets.map((b) => ({
            label: b.bucket,
            amount: b.amount,
            shown: h.amount(b.amount, line.currency),
          })),
        ),
      ),
    });
  };
  app.get('/ops', { config: { page: ['ops', 'admin'] } }, dashboard);

  app.get('/', async (request, reply) => {
    if (request.user!.role === 'collector') return reply.redirect('/worklist', 303);
    return dashboard(request, reply);
  });

  app.get('/ops/platform', { config: { page: ['ops', 'admin'] } }, async (request, reply) => {
    const api = platformApi(config, request.user!.username);
    const rows = await Promise.all(
      SERVICES.map(async (service) => {
        const [ready, status] = await Promise.all([
          api.ready(service),
          api.opsStatus(service).catch((): OpsStatus | undefined => undefined),
        ]);
        const lag = status?.consumers.reduce((sum, c) => sum + BigInt(c.totalLag), 0n) ?? null;
        const deadLetters = status?.deadLetters.reduce((sum, d) => sum + BigInt(d.messages), 0n) ?? null;
        return {
          service,
          ready,
          status,
          lag: lag?.toString() ?? null,
          deadLetters: deadLetters?.toString() ?? null,
        };
      }),
    );
    return renderPage(request, reply, 'platform', { rows, queueBoards: QUEUE_BOARDS });
  });
};
