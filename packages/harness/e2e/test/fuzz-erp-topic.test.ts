import { createHash } from 'node:crypto';
import { dlqTopic, Topics } from '@dunning/contracts';
import {
  createKafka,
  type EventProducer,
  type KafkaAdmin,
  type Reader,
  sendInRequests,
} from '@dunning/kafka';
import { consumerGroupId } from '@dunning/service-host';
import { testInfra, testLogger, waitFor } from '@dunning/testing';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erpEventSchemas, hostileErpMessageArbitrary } from '../src/fuzz/erp-messages.ts';
import { fuzzSettings, streamSeed } from '../src/fuzz/settings.ts';
import { changedRows, rowDigests } from '../src/fuzz/table-fingerprint.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/index.ts';

const settings = fuzzSettings();
const BATCH = 500;
/**
 * Runs whose first batch of 500 once stalled the ledger's consumer: the client library hashed each keyless
 * dead letter's value on the event loop, in time that grows with the square of its size.
 */
const REGRESSION_SEEDS = [1191452136, 424242];
const md5 = (value: Buffer | null) =>
  createHash('md5')
    .update(value ?? Buffer.alloc(0))
    .digest('hex');

describe(`hostile messages on ${Topics.erpEvents}`, () => {
  let platform: PlatformUnderTest;
  let producer: EventProducer;
  let reader: Reader;
  let admin: KafkaAdmin;
  let pool: pg.Pool;
  let topic = '';
  let partitions = 0;
  const arbitrary = hostileErpMessageArbitrary(erpEventSchemas());
  const letters: { digest: string; reason: string }[] = [];
  /** Every hostile message sent so far, by digest: the dead letters must be exactly these. */
  const sent = new Map<string, number>();

  beforeAll(async () => {
    console.log(`fuzz erp topic: FUZZ_RUNS=${settings.runs} messages, FUZZ_SEED=${settings.seed}`);
    platform = platformUnderTest();
    topic = `${platform.topicPrefix}${Topics.erpEvents}`;
    // The ledger in its own process, as in production: the generator here does not share its event loop.
    platform.spawnService('invoices');
    const kafka = createKafka({
      brokers: testInfra().kafkaBrokers,
      clientId: 'e2e-fuzz',
      logger: testLogger('fuzz'),
    });
    admin = kafka.admin();
    await admin.connect();
    const group = consumerGroupId(platform.topicPrefix, 'invoices', 'erp-events');
    await waitFor(async () => ((await admin.describeGroups([group]))[0]?.members.length ?? 0) > 0, {
      timeoutMs: 90_000,
      what: 'the invoices service to join its consumer group',
    });
    pool = platform.pool('invoices');
    producer = await kafka.producer();
    partitions = (await admin.fetchTopicMetadata([topic]))[0]!.partitions.length;
    reader = await kafka.reader({
      groupId: `${platform.topicPrefix}fuzz-dlq-reader`,
      topics: [dlqTopic(topic)],
      maxBytesPerPartition: 2 * 1024 * 1024,
      onMessage: (message) =>
        void letters.push({
          digest: md5(message.value),
          reason: String(message.headers['dlq.reason'] ?? ''),
        }),
    });
  }, 120_000);

  afterAll(async () => {
    await reader?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await platform?.close();
  });

  /** One valid customer per partition, sent after a hostile batch: each must be applied. */
  async function sendSentinels(tag: string): Promise<string[]> {
    const ids = Array.from({ length: partitions }, (_, partition) => `sentinel-${tag}-${partition}`);
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

  async function sentinelsApplied(sentinels: string[], what: string): Promise<void> {
    await waitFor(
      async () => {
        const found = await pool.query(
          'SELECT count(*)::int AS n FROM customers WHERE customer_id = ANY($1)',
          [sentinels],
        );
        const outbox = await pool.query('SELECT count(*)::int AS n FROM outbox');
        return found.rows[0].n === sentinels.length && outbox.rows[0].n === 0;
      },
      { timeoutMs: 60_000, what },
    );
  }

  /**
   * Sends `count` hostile messages drawn from `seed`'s stream for `batch`, then sentinels; checks that
   * the sentinels are applied and that the hostile messages changed no row. Returns their kinds.
   */
  async function fuzzBatch(seed: number, batch: number, count: number): Promise<Map<string, number>> {
    const messages = fc.sample(arbitrary, { seed: streamSeed(seed, `erp|${batch}`), numRuns: count });
    const kinds = new Map<string, number>();
    const before = await rowDigests(pool, platform.schemaOf('invoices'));
    await sendInRequests(producer, topic, messages);
    for (const message of messages) {
      sent.set(md5(message.value), (sent.get(md5(message.value)) ?? 0) + 1);
      kinds.set(message.kind, (kinds.get(message.kind) ?? 0) + 1);
    }
    const sentinels = await sendSentinels(`${seed}-${batch}`);
    await sentinelsApplied(
      sentinels,
      `the sentinels after batch ${batch} (FUZZ_SEED=${seed}): the consumer stalled`,
    );
    const changed = await changedRows(pool, platform.schemaOf('invoices'), before);
    expect(changed.removed, `rows removed by batch ${batch}`).toEqual([]);
    const foreign = changed.added.filter((row) => !sentinels.some((id) => row.includes(id)));
    expect(foreign.slice(0, 5), `rows written by hostile messages of batch ${batch}`).toEqual([]);
    return kinds;
  }

  /** Waits for a dead letter of every hostile message sent so far, and checks they are exactly those. */
  async function expectEveryOneDeadLettered(): Promise<Map<string, number>> {
    const total = [...sent.values()].reduce((sum, n) => sum + n, 0);
    await waitFor(() => letters.length >= total, {
      timeoutMs: 120_000,
      what: `${total} dead letters (have ${letters.length})`,
    });
    // Letters of a chunk are sent before the next chunk of its partition is applied: once sentinels
    // sent now are applied, the dead-letter topic holds every letter it will get, one too many included.
    await sentinelsApplied(await sendSentinels(`last-look-${total}`), 'the last sentinels');
    await waitFor(
      async () =>
        (await admin.fetchTopicOffsets(dlqTopic(topic))).reduce((n, p) => n + Number(p.high), 0) ===
        letters.length,
      { what: 'the dead-letter reader to catch up' },
    );
    expect(letters.length, 'exactly the hostile messages, no sentinel').toBe(total);
    expect(letters.filter((letter) => letter.reason.trim().length === 0)).toEqual([]);
    const received = new Map<string, number>();
    for (const letter of letters) received.set(letter.digest, (received.get(letter.digest) ?? 0) + 1);
    expect(received).toEqual(sent);
    const reasons = new Map<string, number>();
    for (const letter of letters) {
      const reason = letter.reason
        .replace(/ at position \d+/, '')
        .replace(/[:(].*$/, '')
        .trim();
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    return reasons;
  }

  it.each(REGRESSION_SEEDS)(
    'dead-letters the first batch of FUZZ_SEED=%i, which once stalled the consumer',
    async (seed) => {
      const started = performance.now();
      await fuzzBatch(seed, 0, BATCH);
      await expectEveryOneDeadLettered();
      console.log(
        `erp fuzz: batch 0 of FUZZ_SEED=${seed} dead-lettered in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    },
    180_000,
  );

  it(
    'dead-letters every one with its reason, keeps consuming, and stores nothing of them',
    async () => {
      const kinds = new Map<string, number>();
      const started = performance.now();
      for (let batch = 0; batch * BATCH < settings.runs; batch++) {
        const count = Math.min(BATCH, settings.runs - batch * BATCH);
        for (const [kind, n] of await fuzzBatch(settings.seed, batch, count))
          kinds.set(kind, (kinds.get(kind) ?? 0) + n);
        if (batch % 20 === 19) console.log(`erp fuzz: ${(batch + 1) * BATCH} messages sent`);
      }
      const reasons = await expectEveryOneDeadLettered();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `erp fuzz: ${settings.runs} hostile messages (FUZZ_SEED=${settings.seed}) in ${seconds.toFixed(1)} s ` +
          `(${Math.round(settings.runs / seconds)}/s), ${letters.length} dead letters in all\n` +
          `  sent: ${[...kinds].map(([k, n]) => `${k}×${n}`).join(', ')}\n` +
          `  reasons: ${[...reasons].map(([r, n]) => `${r}×${n}`).join(', ')}`,
      );
    },
    300_000 + settings.runs * 20,
  );
});
