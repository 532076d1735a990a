import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../packages/testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'dunning',
    // A worker runs this project's files one after another in one module graph (no file changes
    // globals, mocks or fake timers): no new worker and no re-import per file.
    isolate: false,
    include: ['test/**/*.test.ts'],
    // Chaos and Redis topology runs: the long form. The fault suite (packages/harness/faults) kills dunning
    // replicas and empties Redis mid-ladder across the whole platform (in npm test, a seeded one of its
    // faults; all of them in its long form, and on a Redis Cluster in redis-cluster's).
    exclude: excludeUnlessLong([
      'test/chaos-event-stream.test.ts',
      'test/chaos-kill.test.ts',
      'test/chaos-redis-flush.test.ts',
      'test/timer-rearm.test.ts',
      'test/redis-cluster.test.ts',
    ]),
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
