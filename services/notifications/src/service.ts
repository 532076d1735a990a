import { Topics } from '@dunning/contracts';
import { type EventConsumer, topicName } from '@dunning/kafka';
import { opsStatusRoutes, type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import { Worker } from 'bullmq';
import type { NoticeChannel } from './channels/channel.ts';
import { createEmailChannel } from './channels/email-channel.ts';
import { createLetterChannel } from './channels/letter-channel.ts';
import { createSmsChannel } from './channels/sms-channel.ts';
import { bullPrefix, type NotificationsConfig } from './config.ts';
import { actionsConsumer, directoryConsumer, SERVICE_NAME } from './consumers/consumer-groups.ts';
import { notificationsMigrations } from './db/migrations.ts';
import type { Sender } from './domain/notice-variables.ts';
import { bouncesRoutes } from './http/bounces.routes.ts';
import { contactPreferencesRoutes } from './http/contact-preferences.routes.ts';
import { notificationsRoutes } from './http/notifications.routes.ts';
import { queueBoardRoutes } from './http/queue-board.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { templatesRoutes } from './http/templates.routes.ts';
import {
  type DeliveryCheckpoint,
  deliverNotification,
  tracedDelivery,
} from './jobs/deliver-notification.job.ts';
import { deliveryCountsCompactorJob } from './jobs/delivery-counts-compactor.job.ts';
import {
  createDeliveryQueue,
  DELIVERY_QUEUE,
  type DeliveryJobData,
  type DeliveryQueue,
  enqueueDelivery,
  requeueUnfinished,
} from './jobs/delivery-queue.ts';
import { registerNotificationMetrics } from './metrics.ts';
import { TemplateLibrary } from './templates/template-library.ts';

export interface NotificationsService {
  app: HttpApp;
  host: ServiceHost;
  queue: DeliveryQueue;
  worker: Worker<DeliveryJobData>;
  consumers: EventConsumer[];
  stop(): Promise<void>;
}

export interface NotificationsDeps {
  now?: () => Date;
  /** See DeliverNotificationDeps.checkpoint: for tests only, never set by main.ts. */
  deliveryCheckpoint?: (point: DeliveryCheckpoint) => void;
}

/** Connects, migrates, consumes dunning actions and customer profiles, and delivers on a BullMQ worker. */
export async function startNotificationsService(
  config: NotificationsConfig,
  logger: Logger,
  deps: NotificationsDeps = {},
): Promise<NotificationsService> {
  const now = deps.now ?? (() => new Date());
  const notificationsTopic = topicName(config.KAFKA_TOPIC_PREFIX, Topics.notificationsEvents);
  const host = await startServiceHost({
    name: SERVICE_NAME,
    logger,
    config,
    migrations: notificationsMigrations,
  });
  registerNotificationMetrics(host.metrics);
  const library = new TemplateLibrary();
  const sender: Sender = {
    companyName: config.COMPANY_NAME,
    companyAddress: config.COMPANY_ADDRESS,
    paymentInstructions: config.PAYMENT_INSTRUCTIONS,
  };
  const channels: Record<NoticeChannel['channel'], NoticeChannel> = {
    email: createEmailChannel(config, logger),
    sms: createSmsChannel(config),
    letter: createLetterChannel(),
  };
  const queueOptions = {
    connection: host.redis,
    prefix: bullPrefix(config),
    attempts: config.DELIVERY_ATTEMPTS,
    backoffMs: config.DELIVERY_BACKOFF_MS,
  };
  const queue = createDeliveryQueue(queueOptions);
  const deliver = tracedDelivery(
    host.tracing.tracer,
    deliverNotification({
      pool: host.pool,
      schema: config.DB_SCHEMA,
      topic: notificationsTopic,
      library,
      sender,
      channels,
      dayMs: config.DAY_MS,
      quietHours: { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END },
      dailyCap: config.DAILY_CAP_PER_CUSTOMER,
      now,
      logger,
      enqueue: (deliveryId) => enqueueDelivery(queue, deliveryId),
      checkpoint: deps.deliveryCheckpoint,
    }),
  );
  const startWorker = () =>
    new Worker<DeliveryJobData>(DELIVERY_QUEUE, deliver, {
      connection: host.redis,
      prefix: queueOptions.prefix,
      concurrency: config.DELIVERY_CONCURRENCY,
      lockDuration: config.DELIVERY_LOCK_MS,
      stalledInterval: config.DELIVERY_LOCK_MS,
      // A worker killed mid-job leaves it stalled; it is handed out again rather than failed.
      maxStalledCount: 5,
    }).on('error', (error) => logger.error({ err: error }, 'delivery worker error'));
  const {
    consumers: [ledgerConsumer, dunningConsumer],
    jobs: [deliveries],
  } = await host.start({
    publishes: [Topics.notificationsEvents],
    // Consumers last (the host starts jobs first): joining a group can wait out a crashed member's
    // session, while the worker already finishes the deliveries that member left behind.
    jobs: [
      {
        name: 'deliveries',
        start: () => {
          const worker = startWorker();
          return { worker, stop: () => worker.close(), getJobCounts: () => queue.getJobCounts() };
        },
      },
      {
        name: 'requeue-unfinished',
        everyMs: config.REQUEUE_INTERVAL_MS,
        runAtStart: true,
        async run() {
          const requeued = await requeueUnfinished(queue, host.pool);
          if (requeued > 0) logger.info({ requeued }, 'requeued unfinished deliveries');
        },
      },
      deliveryCountsCompactorJob(host.pool, config.DELIVERY_COUNTS_COMPACT_MS),
    ],
    consumers: [directoryConsumer(), actionsConsumer(queue)],
  });

  const app = createHttpApp({
    name: 'notifications',
    version: '0.1.0',
    description: 'Templates, channels (email, SMS, PDF letters) and the delivery log.',
    port: config.PORT,
    logger,
    tracer: host.tracing.tracer,
    readinessChecks: host.readinessChecks,
    metrics: host.metrics,
    security: httpSecurityFromConfig(config, host.rateLimitStore),
    routes: async (routes) => {
      await routes.register(notificationsRoutes, { pool: host.pool });
      await routes.register(reportsRoutes, { pool: host.pool });
      await routes.register(bouncesRoutes, {
        pool: host.pool,
        schema: config.DB_SCHEMA,
        topic: notificationsTopic,
        enqueue: (deliveryId) => enqueueDelivery(queue, deliveryId),
        now,
      });
      await routes.register(templatesRoutes, { library, sender, now });
      await routes.register(contactPreferencesRoutes, { pool: host.pool });
      await routes.register(opsStatusRoutes, host.opsStatus());
      await routes.register(queueBoardRoutes, { queues: [queue] });
    },
  });
  return {
    app,
    host,
    queue,
    worker: deliveries.worker,
    consumers: [ledgerConsumer!, dunningConsumer!],
    async stop() {
      await app.close();
      await host.stop();
      await queue.close();
      for (const channel of Object.values(channels)) await channel.close();
      await host.close();
    },
  };
}
