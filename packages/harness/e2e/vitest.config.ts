import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['test/**/*.test.ts'],
    exclude: excludeUnlessLong(['test/kafka-security.test.ts', 'test/backup-restore.test.ts']),
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
