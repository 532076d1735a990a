import {
  type DunningEvent,
  DunningEvent as DunningEventSchema,
  LedgerEvent,
  Topics,
} from '@dunning/contracts';
import { type EventConsumer, startEventConsumer, topicName } from '@dunning/kafka';
import { opsStatusRoutes, type ServiceHost, startServiceHost } from '@dunning/service-host';
import { createHttpApp, type HttpApp, httpSecurityFromConfig, type Logger } from '@dunning/service-runtime';
import { Worker } from 'bullmq';
import type { NoticeChannel } from './channels/channel.ts';
import { createEmailChannel } from './channels/email-channel.ts';
import { createLetterChannel } from './channels/letter-channel.ts';
import { createSmsChannel } from './channels/sms-channel.ts';
import { bullPrefix, type NotificationsConfig } from './config.ts';
import { consumerGroups } from './consumers/consumer-groups.ts';
import { handleDunningEvent } from './consumers/dunning-events.consumer.ts';
import { handleLedgerEvent } from './consumers/ledger-events.consumer.ts';
import { notificationsMigrations } from './db/migrations.ts';
import type { Sender } from './domain/notice-variables.ts';
import { contactPreferencesRoutes } from './http/contact-preferences.routes.ts';
import { notificationsRoutes } from './http/notifications.routes.ts';
import { queueBoardRoutes } from './http/queue-board.routes.ts';
import { templatesRoutes } from './http/templates.routes.ts';
import { type DeliveryCheckpoint, deliverNotification } from './jobs/deliver-notification.job.ts';
import {
  createDeliveryQueue,
  DELIVERY_QUEUE,
  type DeliveryJobData,
  type DeliveryQueue,
  requeueUnfinished,
} from './jobs/delivery-queue.ts';
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

const SWEEP_INTERVAL_MS = 60_000;

/** Connects, migrates, consumes dunning actions and customer profiles, and delivers on a BullMQ worker. */
export async function startNotificationsService(
  config: NotificationsConfig,
  logger: Logger,
  deps: NotificationsDeps = {},
): Promise<NotificationsService> {
  const now = deps.now ?? (() => new Date());
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const notificationsTopic = topicName(prefix, Topics.notificationsEvents);
  const dunningTopic = topicName(prefix, Topics.dunningEvents);
  const ledgerTopic = topicName(prefix, Topics.ledgerEvents);
  const { directory: directoryGroup, actions: actionsGroup } = consumerGroups(prefix);
  const host = await startServiceHost({
    name: 'notifications',
    logger,
    config,
    migrations: notificationsMigrations,
    topics: [notificationsTopic, dunningTopic, ledgerTopic],
  });
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
  const worker = new Worker<DeliveryJobData>(
    DELIVERY_QUEUE,
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
      checkpoint: deps.deliveryCheckpoint,
    }),
    {
      connection: host.redis,
      prefix: queueOptions.prefix,
      concurrency: config.DELIVERY_CONCURRENCY,
      lockDuration: config.DELIVERY_LOCK_MS,
      stalledInterval: config.DELIVERY_LOCK_MS,
      // A worker killed mid-job leaves it stalled; it is handed out again rather than failed.
      maxStalledCount: 5,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'delivery worker error'));
  const sweep = async () => {
    try {
      const requeued = await requeueUnfinished(queue, host.pool);
      if (requeued > 0) logger.info({ requeued }, 'requeued unfinished deliveries');
    } catch (error) {
      logger.warn({ err: error }, 'requeueing unfinished deliveries failed');
    }
  };
  await sweep();
  const sweepTimer = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  // Consumers last: joining a group can wait out a crashed member's session, while the worker
  // already finishes the deliveries that member left behind.
  const consumerOptions = {
    kafka: host.kafka,
    pool: host.pool,
    producer: host.producer,
    logger,
    stallAfterMs: config.CONSUMER_STALL_SECONDS * 1000,
  };
  const ledgerConsumer = await startEventConsumer<LedgerEvent>({
    ...consumerOptions,
    name: directoryGroup,
    topics: { [ledgerTopic]: LedgerEvent },
    handle: handleLedgerEvent(),
  });
  const dunningConsumer = await startEventConsumer<DunningEvent>({
    ...consumerOptions,
    name: actionsGroup,
    topics: { [dunningTopic]: DunningEventSchema },
    handle: handleDunningEvent(queue),
  });

  const app = createHttpApp({
    name: 'notifications',
    version: '0.1.0',
    description: 'Templates, channels (email, SMS, PDF letters) and the delivery log.',
    logger,
    readinessChecks: host.readinessChecks,
    security: httpSecurityFromConfig(config),
    routes: async (routes) => {
      await routes.register(notificationsRoutes, { pool: host.pool });
      await routes.register(templatesRoutes, { library, sender, now });
      await routes.register(contactPreferencesRoutes, { pool: host.pool });
      await routes.register(opsStatusRoutes, {
        admin: host.admin,
        pool: host.pool,
        consumers: [
          { groupId: directoryGroup, topics: [ledgerTopic], stalls: () => ledgerConsumer.stalls() },
          { groupId: actionsGroup, topics: [dunningTopic], stalls: () => dunningConsumer.stalls() },
        ],
        queues: [{ name: 'deliveries', getJobCounts: () => queue.getJobCounts() }],
      });
      await routes.register(queueBoardRoutes, { queues: [queue] });
    },
  });
  return {
    app,
    host,
    queue,
    worker,
    consumers: [ledgerConsumer, dunningConsumer],
    async stop() {
      clearInterval(sweepTimer);
      await app.close();
      await dunningConsumer.stop();
      await ledgerConsumer.stop();
      await worker.close();
      await queue.close();
      for (const channel of Object.values(channels)) await channel.close();
      await host.close();
    },
  };
}
