import { dlqTopic } from '@dunning/contracts';
import type { KafkaAdmin, PartitionStall } from '@dunning/kafka';
import { outboxBacklog } from '@dunning/outbox';
import type { FastifyPluginAsyncZod } from '@dunning/service-runtime';
import type pg from 'pg';
import { z } from 'zod';

/** A consumer group the service runs, and the topics it reads. */
export interface ConsumerGroupRef {
  groupId: string;
  topics: string[];
  /** This replica's partitions of the group that make no progress (`EventConsumer.stalls`). */
  stalls?: () => PartitionStall[];
}

/** A job queue the service runs (BullMQ's Queue has this shape). */
export interface QueueRef {
  name: string;
  getJobCounts(): Promise<Record<string, number>>;
}

export interface OpsStatusOptions {
  admin: KafkaAdmin;
  pool: pg.Pool;
  consumers: ConsumerGroupRef[];
  queues?: QueueRef[];
}

const OpsStatus = z.object({
  consumers: z.array(
    z.object({
      groupId: z.string(),
      topic: z.string(),
      partitions: z.array(
        z.object({ partition: z.number(), committed: z.string(), end: z.string(), lag: z.string() }),
      ),
      totalLag: z.string(),
    }),
  ),
  outbox: z.object({ backlog: z.number(), oldestAgeSeconds: z.number().nullable() }),
  queues: z.array(z.object({ name: z.string(), counts: z.record(z.string(), z.number()) })),
  deadLetters: z.array(z.object({ topic: z.string(), messages: z.string() })),
  stalls: z
    .array(
      z.object({
        groupId: z.string(),
        topic: z.string(),
        partition: z.number(),
        offset: z.string(),
        stalledForSeconds: z.number(),
      }),
    )
    .describe('Partitions whose waiting events this replica has not committed for CONSUMER_STALL_SECONDS'),
});
export type OpsStatus = z.infer<typeof OpsStatus>;

export async function consumerLag(admin: KafkaAdmin, { groupId, topics }: ConsumerGroupRef) {
  const committed = await admin.fetchOffsets(groupId, topics);
  return Promise.all(
    committed.map(async ({ topic, partitions }) => {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      const rows = partitions.map(({ partition, offset }) => {
        const end = ends.get(partition) ?? 0n;
        // -1: nothing committed yet, so everything up to the end is still to be read.
        const position = BigInt(offset) < 0n ? 0n : BigInt(offset);
        const lag = end > position ? end - position : 0n;
        return { partition, committed: offset, end: String(end), lag: String(lag) };
      });
      const totalLag = rows.reduce((sum, row) => sum + BigInt(row.lag), 0n);
      return { groupId, topic, partitions: rows, totalLag: String(totalLag) };
    }),
  );
}

/** How many messages a dead-letter topic has received in all (its end offsets). */
async function deadLetterCount(admin: KafkaAdmin, topic: string) {
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return { topic, messages: String(offsets.reduce((sum, p) => sum + BigInt(p.high) - BigInt(p.low), 0n)) };
  } catch {
    return { topic, messages: '0' };
  }
}

/** GET /v1/ops/status: what an operator checks first — lag, stalls, backlog, queues, dead letters. */
export const opsStatusRoutes: FastifyPluginAsyncZod<OpsStatusOptions> = async (app, options) => {
  app.get(
    '/v1/ops/status',
    {
      config: { access: 'ops:read' },
      schema: {
        tags: ['operations'],
        operationId: 'getOpsStatus',
        summary:
          'Consumer lag per topic and partition, stalled partitions, outbox backlog, job queues and dead-letter counts',
        response: { 200: OpsStatus },
      },
    },
    async () => {
      const { admin, pool } = options;
      const consumedTopics = [...new Set(options.consumers.flatMap((c) => c.topics))];
      const [lags, outbox, queues, deadLetters] = await Promise.all([
        Promise.all(options.consumers.map((group) => consumerLag(admin, group))),
        outboxBacklog(pool),
        Promise.all(
          (options.queues ?? []).map(async (queue) => ({
            name: queue.name,
            counts: await queue.getJobCounts(),
          })),
        ),
        Promise.all(consumedTopics.map((topic) => deadLetterCount(admin, dlqTopic(topic)))),
      ]);
      return {
        consumers: lags.flat(),
        outbox,
        queues,
        deadLetters,
        stalls: options.consumers.flatMap(({ groupId, stalls }) =>
          (stalls?.() ?? []).map(({ stalledForMs, ...stall }) => ({
            groupId,
            ...stall,
            stalledForSeconds: Math.round(stalledForMs / 100) / 10,
          })),
        ),
      };
    },
  );
};
