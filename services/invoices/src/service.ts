import { DunningEvent, ErpEvent, RiskEvent, Topics } from '@dunning/contracts';
import { type EventConsumer, topicName } from '@dunning/kafka';
import { writeBatchToOutbox } from '@dunning/outbox';
import {
  consumer,
  opsStatusRoutes,
  type RunningPeriodicJob,
  type ServiceHost,
  startServiceHost,
} from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import type { CommandContext } from './commands/command-context.ts';
import { bufferFacts, takeBufferedFacts } from './commands/ledger-events.ts';
import type { InvoicesConfig } from './config.ts';
import { dunningEventHandler } from './consumers/dunning-events.consumer.ts';
import { handleErpChunk } from './consumers/erp-events.consumer.ts';
import { riskEventHandler } from './consumers/risk-events.consumer.ts';
import { invoicesMigrations } from './db/migrations.ts';
import { rebuildReceivableSummary } from './db/receivable-summary.queries.ts';
import { chargesRoutes } from './http/charges.routes.ts';
import { customersRoutes } from './http/customers.routes.ts';
import { disputesRoutes } from './http/disputes.routes.ts';
import { forecastRoutes } from './http/forecast.routes.ts';
import { honourIdempotencyKeys } from './http/idempotency-key.ts';
import { invoicesRoutes } from './http/invoices.routes.ts';
import { paymentsRoutes } from './http/payments.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { overdueAnnouncerJob } from './jobs/overdue-announcer.job.ts';
import { receivableSummaryCompactorJob } from './jobs/receivable-summary-compactor.job.ts';
import { registerInvoicesMetrics } from './metrics.ts';

export interface InvoicesService {
  app: HttpApp;
  host: ServiceHost;
  erpConsumer: EventConsumer;
  dunningConsumer: EventConsumer;
  riskConsumer: EventConsumer;
  overdueAnnouncer: RunningPeriodicJob<number>;
  summaryCompactor: RunningPeriodicJob<number>;
  stop(): Promise<void>;
}

/** Connects, migrates and starts consuming; the caller decides whether the app listens. */
export async function startInvoicesService(
  config: InvoicesConfig,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<InvoicesService> {
  const ledgerTopic = topicName(config.KAFKA_TOPIC_PREFIX, Topics.ledgerEvents);
  const host = await startServiceHost({
    name: 'invoices',
    logger,
    migrations: invoicesMigrations,
    config,
  });
  registerInvoicesMetrics(host.metrics);
  // Reports read the receivable summary only in the zone it was built for: build it for this one
  // before anything is served (once: replicas starting together find it done).
  if (await rebuildReceivableSummary(host.pool, config.REPORTING_TIME_ZONE))
    logger.info(
      { timeZone: config.REPORTING_TIME_ZONE },
      'receivable summary rebuilt for the reporting zone',
    );
  const context: CommandContext = {
    schema: config.DB_SCHEMA,
    ledgerTopic,
    source: 'http',
    dayMs: config.DAY_MS,
    now,
  };
  const {
    consumers: [erpConsumer, dunningConsumer, riskConsumer],
    jobs: [overdueAnnouncer, summaryCompactor],
  } = await host.start({
    publishes: [Topics.ledgerEvents],
    jobs: [
      overdueAnnouncerJob(host.pool, context),
      receivableSummaryCompactorJob(host.pool, config.RECEIVABLE_SUMMARY_COMPACT_MS),
    ],
    consumers: [
      consumer<ErpEvent>({
        group: 'erp-events',
        topic: Topics.erpEvents,
        contract: ErpEvent,
        handleChunk: handleErpChunk({ ...context, source: 'kafka' }),
        // A chunk's ledger facts go to the outbox in one insert, just before its commit, under one
        // table lock rather than a lock per customer (a chunk holds hundreds).
        transaction: {
          begin: bufferFacts,
          beforeCommit: (tx) => writeBatchToOutbox(tx, config.DB_SCHEMA, takeBufferedFacts(tx)),
        },
        // One chunk per partition in flight, so that Node and PostgreSQL both work (one core each).
        partitionsConsumedConcurrently: 3,
      }),
      // Charges dunning's notices levy, booked once each, and the overdue reasons collectors record
      // (group `<prefix>invoices.dunning-events`).
      consumer<DunningEvent>({
        group: 'dunning-events',
        topic: Topics.dunningEvents,
        contract: DunningEvent,
        handle: dunningEventHandler({ ...context, source: 'kafka' }),
      }),
      // Each customer's risk class over time, for the bad-debt provision (group `<prefix>invoices.risk-events`).
      consumer<RiskEvent>({
        group: 'risk-events',
        topic: Topics.riskEvents,
        contract: RiskEvent,
        handle: riskEventHandler,
      }),
    ],
  });
  const app = createHttpApp({
    name: 'invoices',
    version: '0.1.0',
    description: 'ERP gateway and accounts-receivable ledger',
    port: config.PORT,
    logger,
    tracer: host.tracing.tracer,
    readinessChecks: host.readinessChecks,
    metrics: host.metrics,
    security: httpSecurityFromConfig(config, host.rateLimitStore),
    routes: async (routes) => {
      honourIdempotencyKeys(routes, host.pool);
      await routes.register(customersRoutes, { pool: host.pool, context, now });
      await routes.register(invoicesRoutes, { pool: host.pool, context, now });
      await routes.register(paymentsRoutes, { pool: host.pool, context });
      await routes.register(disputesRoutes, { pool: host.pool, context });
      await routes.register(chargesRoutes, { pool: host.pool, context });
      await routes.register(reportsRoutes, {
        pool: host.pool,
        now,
        timeZone: config.REPORTING_TIME_ZONE,
        provisionMatrix: config.PROVISION_MATRIX,
        kpiTargets: config.KPI_TARGETS,
      });
      await routes.register(forecastRoutes, { pool: host.pool, now, timeZone: config.REPORTING_TIME_ZONE });
      await routes.register(opsStatusRoutes, host.opsStatus());
    },
  });
  return {
    app,
    host,
    erpConsumer: erpConsumer!,
    dunningConsumer: dunningConsumer!,
    riskConsumer: riskConsumer!,
    overdueAnnouncer: overdueAnnouncer!,
    summaryCompactor: summaryCompactor!,
    async stop() {
      await app.close();
      await host.close();
    },
  };
}
