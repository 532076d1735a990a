import { createHash } from 'node:crypto';
import { dlqTopic, Topics } from '@dunning/contracts';
import { createKafka, sendInRequests } from '@dunning/kafka';
import { createLogger } from '@dunning/service-runtime';
import { testInfra, testLogger, waitFor } from '@dunning/testing';
import fc from 'fast-check';
import type { Consumer, Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erpEventSchemas, hostileErpMessageArbitrary } from '../src/fuzz/erp-messages.ts';
import { fuzzSettings, streamSeed } from '../src/fuzz/settings.ts';
import { changedRows, rowDigests } from '../src/fuzz/table-fingerprint.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/index.ts';

const settings = fuzzSettings();
const BATCH = 500;
const md5 = (value: Buffer | null) =>
  createHash('md5')
    .update(value ?? Buffer.alloc(0))
    .digest('hex');

describe(`hostile messages on ${Topics.erpEvents}`, () => {
  let platform: PlatformUnderTest;
  let producer: Producer;
  let reader: Consumer;
  let pool: pg.Pool;
  let partitions = 0;
  const letters: { digest: string; reason: string }[] = [];

  beforeAll(async () => {
    console.log(`fuzz erp topic: FUZZ_RUNS=${settings.runs} messages, FUZZ_SEED=${settings.seed}`);
    // Every dead letter is logged as a warning; the fuzz counts them itself.
    platform = platformUnderTest({ logger: (service) => createLogger({ name: service, level: 'error' }) });
    const invoices = await platform.startInvoices();
    await invoices.erpConsumer.ready;
    pool = platform.pool('invoices');
    const kafka = createKafka({
      brokers: testInfra().kafkaBrokers,
      clientId: 'e2e-fuzz',
      logger: testLogger('fuzz'),
    });
    producer = kafka.producer();
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({
      topics: [`${platform.topicPrefix}${Topics.erpEvents}`],
    });
    partitions = metadata.topics[0]!.partitions.length;
    await admin.disconnect();
    reader = kafka.consumer({
      groupId: `${platform.topicPrefix}fuzz-dlq-reader`,
      maxBytesPerPartition: 2 * 1024 * 1024,
    });
    await reader.connect();
    await reader.subscribe({
      topic: dlqTopic(`${platform.topicPrefix}${Topics.erpEvents}`),
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void letters.push({
          digest: md5(message.value),
          reason: String(message.headers?.['dlq.reason'] ?? ''),
        }),
    });
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await platform?.close();
  });

  /** One valid customer per partition, sent after the hostile batch: each must be applied. */
  async function sendSentinels(topic: string, batch: number): Promise<string[]> {
    const ids = Array.from({ length: partitions }, (_, partition) => `sentinel-${batch}-${partition}`);
    await producer.send({
      topic,
      messages: ids.map((customerId, partition) => ({
        partition,
        key: customerId,
        value: JSON.stringify({
          specversion: '1.0',
          id: `evt-${customerId}`,
          source: '/erp/fuzz',
          type: 'erp.customer.upserted',
          time: new Date().toISOString(),
          data: {
            customerId,
            name: 'Sentinel Ltd.',
            locale: 'en',
            timezone: 'UTC',
            industry: 'software',
            address: { line1: '1 Sentinel Road', city: 'Shanghai', country: 'CN' },
            paymentTermsDays: 30,
            collectorId: 'collector-1',
          },
        }),
      })),
    });
    return ids;
  }

  it(
    'dead-letters every one with its reason, keeps consuming, and stores nothing of them',
    async () => {
      const topic = `${platform.topicPrefix}${Topics.erpEvents}`;
      const arbitrary = hostileErpMessageArbitrary(erpEventSchemas());
      const sent = new Map<string, number>();
      const kinds = new Map<string, number>();
      const started = performance.now();
      for (let batch = 0; batch * BATCH < settings.runs; batch++) {
        const seed = streamSeed(settings.seed, `erp|${batch}`);
        const messages = fc.sample(arbitrary, {
          seed,
          numRuns: Math.min(BATCH, settings.runs - batch * BATCH),
        });
        const before = await rowDigests(pool, platform.schemaOf('invoices'));
        await sendInRequests(producer, topic, messages);
        for (const message of messages) {
          sent.set(md5(message.value), (sent.get(md5(message.value)) ?? 0) + 1);
          kinds.set(message.kind, (kinds.get(message.kind) ?? 0) + 1);
        }
        const sentinels = await sendSentinels(topic, batch);
        await waitFor(
          async () => {
            const found = await pool.query(
              'SELECT count(*)::int AS n FROM customers WHERE customer_id = ANY($1)',
              [sentinels],
            );
            const outbox = await pool.query('SELECT count(*)::int AS n FROM outbox');
            return found.rows[0].n === sentinels.length && outbox.rows[0].n === 0;
          },
          {
            timeoutMs: 60_000,
            what: `the sentinels after batch ${batch} (FUZZ_SEED=${settings.seed}): the consumer stalled`,
          },
        );
        const changed = await changedRows(pool, platform.schemaOf('invoices'), before);
        expect(changed.removed, `rows removed by batch ${batch}`).toEqual([]);
        const foreign = changed.added.filter((row) => !sentinels.some((id) => row.includes(id)));
        expect(foreign.slice(0, 5), `rows written by hostile messages of batch ${batch}`).toEqual([]);
        if (batch % 20 === 19) console.log(`erp fuzz: ${(batch + 1) * BATCH} messages sent`);
      }
      await waitFor(() => letters.length >= settings.runs, {
        timeoutMs: 120_000,
        what: `${settings.runs} dead letters (have ${letters.length})`,
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const seconds = (performance.now() - started) / 1000;
      const reasons = new Map<string, number>();
      for (const letter of letters) {
        const reason = letter.reason
          .replace(/ at position \d+/, '')
          .replace(/[:(].*$/, '')
          .trim();
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      console.log(
        `erp fuzz: ${settings.runs} hostile messages in ${seconds.toFixed(1)} s (${Math.round(settings.runs / seconds)}/s), ` +
          `${letters.length} dead letters\n  sent: ${[...kinds].map(([k, n]) => `${k}×${n}`).join(', ')}\n` +
          `  reasons: ${[...reasons].map(([r, n]) => `${r}×${n}`).join(', ')}`,
      );
      expect(letters.length, 'exactly the hostile messages, no sentinel').toBe(settings.runs);
      expect(letters.filter((letter) => letter.reason.trim().length === 0)).toEqual([]);
      const received = new Map<string, number>();
      for (const letter of letters) received.set(letter.digest, (received.get(letter.digest) ?? 0) + 1);
      expect(received).toEqual(sent);
    },
    300_000 + settings.runs * 20,
  );
});
