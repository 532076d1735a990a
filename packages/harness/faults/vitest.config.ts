import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'faults',
    include: ['test/**/*.test.ts'],
    // A topology's own whole run is a long form (LONG_TESTS=1): a three-node Kafka cluster, Redis
    // Cluster, three replicas of every service on two PostgreSQL servers.
    // CI's whole-platform fault run is scale-out.test.ts (every topology at once, bounded); the
    // single-machine suite's eight faults are a long form too.
    exclude: excludeUnlessLong([
      'test/fault-suite.test.ts',
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
