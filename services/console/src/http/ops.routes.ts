import type { FastifyPluginAsync } from 'fastify';
import { platformApi, type ServiceKey } from '../clients/platform-api.ts';
import type { CasesByLevel, EffectivenessReport, KpiReport, OpsStatus } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { agingChartSvg } from '../domain/aging-chart.ts';
import { deliveriesByChannel } from '../domain/deliveries.ts';
import {
  lastMonths,
  TREND_METRICS,
  type TrendMetric,
  trendChartSvg,
  trendSeries,
} from '../domain/kpi-trend.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { pageHelpers, renderPage } from './render.ts';

const SERVICES: readonly ServiceKey[] = ['invoices', 'credit-risk', 'dunning', 'notifications'];
/** The services with a BullMQ queue board (`/ops/queues`). */
export const QUEUE_BOARDS: readonly ServiceKey[] = ['dunning', 'notifications'];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Months of KPI trend on the dashboard, one ledger report each. */
const TREND_MONTHS = 6;
/** Days of notices counted per channel (notifications counts them in its database). */
const DELIVERY_DAYS = 30;
const METRIC_LABELS: Record<TrendMetric, MessageKey> = {
  dso: 'ops.dso',
  cei: 'ops.cei',
  overdueRatio: 'ops.overdueRatio',
  badDebtRate: 'ops.badDebtRate',
};
const METRIC_DIGITS: Record<TrendMetric, number> = { dso: 1, cei: 1, overdueRatio: 4, badDebtRate: 4 };

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
    const periods = lastMonths(today, TREND_MONTHS);
    // A figure a service cannot give leaves its section out; the rest of the dashboard still renders.
    const [aging, kpis, effectiveness, monthly, levels, notices] = await Promise.all([
      api.invoices.aging(),
      api.invoices.kpis(isoDay(from), isoDay(today)).catch((): KpiReport | undefined => undefined),
      api.dunning.effectiveness().catch((): EffectivenessReport | undefined => undefined),
      Promise.all(
        periods.map((p) => api.invoices.kpis(p.from, p.to).catch((): KpiReport | undefined => undefined)),
      ),
      api.dunning.casesByLevel().catch((): CasesByLevel | undefined => undefined),
      api.notifications
        .deliveries(new Date(today.getTime() - DELIVERY_DAYS * 86_400_000), today)
        .catch(() => undefined),
    ]);
    const h = pageHelpers(request);
    const series = trendSeries(monthly);
    const trends = [...new Set(series.map((s) => s.currency))].map((currency) => {
      const lines = series.filter((s) => s.currency === currency);
      return {
        currency,
        rows: periods.map((period, i) => ({
          period: period.label,
          values: lines.map((line) => h.number(line.values[i] ?? null, METRIC_DIGITS[line.metric])),
        })),
        charts: lines.map((line) =>
          trendChartSvg(
            h.t('ops.trendChart', { metric: h.t(METRIC_LABELS[line.metric]), currency }),
            periods.map((period, i) => ({
              label: period.label,
              value: line.values[i] ?? null,
              shown: h.number(line.values[i] ?? null, METRIC_DIGITS[line.metric]),
            })),
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
