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
      // Whole-platform forms of behaviours each service's own tests check in npm test (blocks, charges,
      // discounts, channel fallback, ERP dead letters, per-service backups, a customer policy and the
      // legal hand-over); the ERP topic fuzzer also runs long with npm run fuzz.
      'test/dunning-blocks.test.ts',
      'test/legal-and-customer-policy.test.ts',
      'test/charges.test.ts',
      'test/discount.test.ts',
      'test/channel-fallback.test.ts',
      'test/erp-dead-letters.test.ts',
      'test/backup-per-service.test.ts',
      'test/fuzz-erp-topic.test.ts',
    ]),
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
