import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    exclude: excludeUnlessLong([
      'test/kafka-security.test.ts',
      'test/backup-restore.test.ts',
      'test/fuzz-http.test.ts',
      'test/consumer-crash.test.ts',
      'test/collector-queue.test.ts',
      'test/replay-read-models.test.ts',
      'test/no-personal-data-in-logs.test.ts',
    ]),
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
