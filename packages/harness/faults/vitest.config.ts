import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'faults',
    include: ['test/**/*.test.ts'],
    // Whole-platform runs on other topologies: long form only.
    exclude: excludeUnlessLong(['test/kafka-cluster.test.ts']),
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // After every other file, alone: eight service processes, a broker and a database of its own take
    // both cores, and the timing-sensitive tests beside it would starve.
    sequence: { groupOrder: 1 },
  },
});
