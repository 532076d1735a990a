import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../packages/testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'invoices',
    include: ['test/**/*.test.ts'],
    exclude: excludeUnlessLong(['test/ledger-kafka-stream.test.ts']),
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
