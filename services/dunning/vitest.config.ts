import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../packages/testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'dunning',
    include: ['test/**/*.test.ts'],
    // The kill -9 and FLUSHALL chaos runs: CI's whole-platform fault run (packages/harness/faults) kills a
    // dunning replica and empties every Redis master mid-ladder, so these run in the long form.
    exclude: excludeUnlessLong([
      'test/chaos-event-stream.test.ts',
      'test/chaos-kill.test.ts',
      'test/chaos-redis-flush.test.ts',
    ]),
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
