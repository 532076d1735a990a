import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'faults',
    include: ['test/**/*.test.ts'],
    // CI runs fault-suite.test.ts bounded: one fault of twelve, picked by the seed, on one machine or
    // beyond it (3 Kafka nodes, a Redis Cluster, two PostgreSQL servers, three replicas). The long forms
    // (LONG_TESTS=1): every fault beyond one machine at once (scale-out.test.ts), and each topology alone.
    exclude: excludeUnlessLong([
      'test/scale-out.test.ts',
      'test/kafka-cluster.test.ts',
      'test/redis-cluster.test.ts',
      'test/two-postgres-three-replicas.test.ts',
    ]),
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // After every other file, alone: eight service processes, a broker and a database of its own take
    // both cores, and the timing-sensitive tests beside it would starve.
    sequence: { groupOrder: 1 },
  },
});
