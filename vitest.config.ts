import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './packages/testing/src/long-first-sequencer.ts';

// One vitest project per package, harness package and service; each declares its own setup.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/harness/*/vitest.config.ts',
      'services/*/vitest.config.ts',
      'infra/vitest.config.ts',
    ],
    reporters: ['default', './packages/testing/src/summary-reporter.ts'],
    // `npm test` runs three files at once (`--maxWorkers=3` in test:files: a file-based project takes the
    // worker count from the command line, not from here). Most files wait on Kafka, PostgreSQL and
    // timers rather than compute, so three keep both cores busy; every file isolates its schemas,
    // topics, groups and queues (`uniqueName`). The slowest checks of rarely changed parts run only in
    // the long form, `npm run test:long` (`excludeUnlessLong` in packages/testing).
    sequence: { sequencer: LongFirstSequencer },
  },
});
