import {
  createEvent,
  type KnownEventType,
  LEDGER_CUSTOMER_UPSERTED,
  LEDGER_INVOICE_ISSUED,
  Topics,
} from '@dunning/contracts';
import { createKafka, topicName } from '@dunning/kafka';
import {
  adminAuth,
  deleteTopics,
  dropSchemas,
  testAdminKey,
  testInfra,
  testLogger,
  uniqueName,
  waitFor,
} from '@dunning/testing';
import { loadConfig } from '../src/config.ts';
import { type CreditRiskService, startCreditRiskService } from '../src/service.ts';

type PublishInput = { type: KnownEventType; data: unknown; time?: string; id?: string };
type PublishedEvent = { type: string; subject?: string; data: Record<string, unknown> };

/** The credit-risk service on its own schema and topics, a ledger producer, and a risk-topic reader. */
export interface RiskHarness {
  service: CreditRiskService;
  name: string;
  publishLedger(events: PublishInput[]): Promise<void>;
  publishDunning(events: PublishInput[]): Promise<void>;
  publishErp(events: PublishInput[]): Promise<void>;
  riskEvents: PublishedEvent[];
  risk(customerId: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

export async function startRiskHarness(env: Record<string, string> = {}): Promise<RiskHarness> {
  const infra = testInfra();
  const name = uniqueName('risk');
  const prefix = `${name}.`;
  const config = loadConfig({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    DB_SCHEMA: name,
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    ASSESS_INTERVAL_MS: '100',
    ...env,
  });
  const service = await startCreditRiskService(config, testLogger('credit-risk'));
  await Promise.all([service.ledgerConsumer.ready, service.erpAlertsConsumer.ready]);
  const kafka = createKafka({
    brokers: infra.kafkaBrokers,
    clientId: `${name}-test`,
    logger: testLogger('test'),
  });
  const producer = await kafka.producer();
  const riskEvents: PublishedEvent[] = [];
  const reader = await kafka.reader({
    groupId: `${prefix}test-reader`,
    topics: [topicName(prefix, Topics.riskEvents)],
    maxWaitTimeInMs: 100,
    onMessage: (message) => {
      if (message.value) riskEvents.push(JSON.parse(message.value.toString()) as PublishedEvent);
    },
  });
  const publish = async (topic: string, events: PublishInput[]) => {
    const messages = events.map(({ type, data, time, id }) => {
      const event = createEvent({ type, source: '/test', data, time, id } as Parameters<
        typeof createEvent
      >[0]);
      return { key: (data as { customerId: string }).customerId, value: JSON.stringify(event) };
    });
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, messages: messages.slice(i, i + 500) });
    }
  };
  return {
    service,
    name,
    riskEvents,
    publishLedger: (events) => publish(topicName(prefix, Topics.ledgerEvents), events),
    publishDunning: (events) => publish(topicName(prefix, Topics.dunningEvents), events),
    publishErp: (events) => publish(topicName(prefix, Topics.erpEvents), events),
    async risk(customerId) {
      const response = await service.app.inject({
        headers: adminAuth,
        method: 'GET',
        url: `/v1/customers/${customerId}/risk`,
      });
      return response.statusCode === 200 ? (response.json() as Record<string, unknown>) : undefined;
    },
    async close() {
      await Promise.all([reader.stop(), producer.disconnect(), service.stop()]);
      await dropSchemas(infra.databaseUrl, [name]);
      await deleteTopics(infra.kafkaBrokers, prefix);
    },
  };
}

export function customer(customerId: string, industry = 'software') {
  return {
    type: LEDGER_CUSTOMER_UPSERTED,
    data: {
      customerId,
      name: `Customer ${customerId}`,
      locale: 'en',
      timezone: 'UTC',
      industry,
      address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
      paymentTermsDays: 30,
      collectorId: 'collector-1',
    },
  } as const;
}

export function invoice(input: {
  invoiceId: string;
  customerId: string;
  amount: string;
  currency: string;
  overdueAt: Date;
}) {
  return {
    type: LEDGER_INVOICE_ISSUED,
    data: {
      invoiceId: input.invoiceId,
      customerId: input.customerId,
      number: input.invoiceId,
      currency: input.currency,
      amount: input.amount,
      balance: input.amount,
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      overdueAt: input.overdueAt.toISOString(),
    },
  } as const;
}

export { waitFor };
