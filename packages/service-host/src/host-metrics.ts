import type { ConsumerMetrics, KafkaAdmin } from '@dunning/kafka';
import { outboxBacklog } from '@dunning/outbox';
import { Counter, Gauge, Histogram, type ReadinessCheck, type Registry } from '@dunning/service-runtime';
import type pg from 'pg';
import { type ConsumerGroupRef, consumerLag } from './ops-status.ts';
import type { PeriodicJobMetrics } from './periodic-job.ts';

/** What the scrape-time gauges read; set once the service has started. */
export interface MetricSources {
  admin: KafkaAdmin;
  pool: pg.Pool;
  consumers: ConsumerGroupRef[];
  readinessChecks: ReadinessCheck[];
}

export interface HostMetrics {
  /** The hooks one consumer group reports through. */
  consumer(groupId: string): ConsumerMetrics;
  /** Starts answering the scrape-time gauges (lag, outbox, pool, readiness) from these. */
  watch(sources: MetricSources): void;
  /** What the service's periodic jobs report through (runs, and turns skipped while another replica ran). */
  periodicJobs: PeriodicJobMetrics;
}

// A scrape must not hang on a dead dependency: a check that takes longer counts as not ready.
const READINESS_TIMEOUT_MS = 2_000;

/** One load shared by the callers of one scrape (they all call within the same tick). */
function perScrape<A, T>(load: (arg: A) => Promise<T>): (arg: A) => Promise<T> {
  let pending: Promise<T> | undefined;
  return (arg) => {
    pending ??= load(arg).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

const within = (promise: Promise<void>, ms: number) =>
  Promise.race([
    promise,
    new Promise<void>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/**
 * The series every event-driven service exports under the same names and labels (documented in
 * docs/operations.md). Counters and histograms are fed as things happen; lag, outbox, pool and
 * readiness are read when Prometheus scrapes, so they cost nothing between scrapes.
 */
export function createHostMetrics(registry: Registry): HostMetrics {
  let sources: MetricSources | undefined;
  // When each group last committed, per topic: the Kafka timestamp of its newest applied message.
  const lastApplied = new Map<string, number>();
  const key = (group: string, topic: string) => `${group}\u0000${topic}`;

  const chunkSeconds = new Histogram({
    name: 'kafka_consumer_chunk_duration_seconds',
    help: 'Time to apply and commit one chunk of events (one transaction, or its splits).',
    labelNames: ['group', 'topic'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const eventDelay = new Histogram({
    name: 'kafka_consumer_event_delay_seconds',
    help: 'From the Kafka timestamp of an event (when it was published) to the commit of its chunk.',
    labelNames: ['group', 'topic'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'kafka_consumer_dead_letters_total',
    help: 'Events sent to the dead-letter topic, by kind of reason.',
    labelNames: ['group', 'topic', 'reason'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'periodic_job_runs_total',
    help: 'Runs of a periodic job by this replica, by outcome (ok, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSkips = new Counter({
    name: 'periodic_job_skipped_total',
    help: "Turns of a periodic job this replica skipped, by reason (held: another replica's run held its lock).",
    labelNames: ['job', 'reason'] as const,
    registers: [registry],
  });
  // The pool is read first: the scrape's own queries (outbox, readiness) would show as busy or waiting.
  new Gauge({
    name: 'pg_pool_connections',
    help: "The service's main PostgreSQL pool: connections by state (busy, idle) and waiting requests.",
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!sources) return;
      const { pool } = sources;
      this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  new Gauge({
    name: 'pg_pool_max_connections',
    help: "The size of the service's main PostgreSQL pool.",
    registers: [registry],
    collect() {
      if (sources) this.set(sources.pool.options.max ?? 10);
    },
  });

  // A registry collects every metric at once: gauges fed by one query share its answer per scrape.
  const lags = perScrape(async (from: MetricSources) =>
    (await Promise.all(from.consumers.map((group) => consumerLag(from.admin, group).catch(() => [])))).flat(),
  );
  new Gauge({
    name: 'kafka_consumer_lag_events',
    help: 'Events published to the topic and not yet committed by the group (all partitions).',
    labelNames: ['group', 'topic'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      for (const { groupId, topic, totalLag } of await lags(sources))
        this.set({ group: groupId, topic }, Number(totalLag));
    },
  });
  new Gauge({
    name: 'kafka_consumer_lag_seconds',
    help: 'How far behind the group is: 0 with no lag, else the age of the newest event it applied.',
    labelNames: ['group', 'topic'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      const now = Date.now();
      for (const { groupId, topic, totalLag } of await lags(sources)) {
        const applied = lastApplied.get(key(groupId, topic));
        // Behind by the age of the newest event applied; unknown (left out) before the first commit.
        if (BigInt(totalLag) === 0n) this.set({ group: groupId, topic }, 0);
        else if (applied !== undefined) this.set({ group: groupId, topic }, (now - applied) / 1000);
      }
    },
  });
  const outbox = perScrape((from: MetricSources) => outboxBacklog(from.pool).catch(() => undefined));
  new Gauge({
    name: 'outbox_backlog_events',
    help: 'Events written to the outbox and not yet published to Kafka.',
    registers: [registry],
    async collect() {
      const backlog = sources && (await outbox(sources));
      if (backlog) this.set(backlog.backlog);
    },
  });
  new Gauge({
    name: 'outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row (0 when the outbox is empty).',
    registers: [registry],
    async collect() {
      const backlog = sources && (await outbox(sources));
      if (backlog) this.set(backlog.oldestAgeSeconds ?? 0);
    },
  });
  new Gauge({
    name: 'service_ready',
    help: '1 when every readiness check passes (as GET /health/ready), else 0; by dependency.',
    labelNames: ['dependency'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      const results = await Promise.all(
        sources.readinessChecks.map(({ name, check }) =>
          within(check(), READINESS_TIMEOUT_MS).then(
            () => [name, 1] as const,
            () => [name, 0] as const,
          ),
        ),
      );
      for (const [dependency, value] of results) this.set({ dependency }, value);
    },
  });

  return {
    consumer(group) {
      return {
        chunkCommitted(topic, seconds, timestamps) {
          chunkSeconds.observe({ group, topic }, seconds);
          const now = Date.now();
          for (const at of timestamps) eventDelay.observe({ group, topic }, Math.max(0, now - at) / 1000);
          const newest = Math.max(...timestamps);
          if (Number.isFinite(newest)) lastApplied.set(key(group, topic), newest);
        },
        deadLettered(topic, reason) {
          deadLetters.inc({ group, topic, reason });
        },
      };
    },
    watch(next) {
      sources = next;
    },
    periodicJobs: {
      ran: (job, outcome) => jobRuns.inc({ job, outcome }),
      skipped: (job, reason) => jobSkips.inc({ job, reason }),
    },
  };
}
