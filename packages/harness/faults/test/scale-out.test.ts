import { describe, it } from 'vitest';
import { scaleOutRun } from './fault-runs.ts';

// Long form only (LONG_TESTS=1): the platform beyond one machine, every topology at once, and all four
// of its faults; about 3.5 minutes on an idle machine, most of it the broker's restart. The bounded
// form (one of the four) is in fault-suite.test.ts; kafka-cluster, redis-cluster and
// two-postgres-three-replicas (long form only) run each topology on its own.
describe('fault suite beyond one machine: Kafka cluster, Redis Cluster, two PostgreSQL servers, three replicas', () => {
  it('loses and duplicates nothing through a replica kill, a broker kill, a flush of every Redis master and a database server crash; every replica runs its periodic jobs, never two at once', {
    timeout: 1_500_000,
  }, async () => {
    await scaleOutRun(Number(process.env.FAULT_SUITE_SEED ?? Date.now() % 100_000), { long: true });
  });
});
