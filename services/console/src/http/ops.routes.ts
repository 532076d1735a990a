import type { FastifyPluginAsync } from 'fastify';
import { platformApi, type ServiceKey } from '../clients/platform-api.ts';
import type { EffectivenessReport, KpiReport, OpsStatus } from '../clients/types.ts';
import type { ConsoleConfig } from '../config.ts';
import { agingChartSvg } from '../domain/aging-chart.ts';
import { pageHelpers, renderPage } from './render.ts';

const SERVICES: readonly ServiceKey[] = ['invoices', 'credit-risk', 'dunning', 'notifications'];
/** The services with a BullMQ queue board (`/ops/queues`). */
export const QUEUE_BOARDS: readonly ServiceKey[] = ['dunning', 'notifications'];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

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
    const [aging, kpis, effectiveness] = await Promise.all([
      api.invoices.aging(),
      api.invoices.kpis(isoDay(from), isoDay(today)).catch((): KpiReport | undefined => undefined),
      api.dunning.effectiveness().catch((): EffectivenessReport | undefined => undefined),
    ]);
    const h = pageHelpers(request);
    return renderPage(request, reply, 'ops', {
      aging,
      kpis,
      effectiveness,
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
