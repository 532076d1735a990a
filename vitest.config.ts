import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './packages/testing/src/long-first-sequencer.ts';

// One vitest project per package, harness package and service; each declares its own setup.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/harness/*/vitest.config.ts',
      'services/*/vitest.config.ts',
    ],
    reporters: ['default', './packages/testing/src/summary-reporter.ts'],
    // Most files wait on Kafka, PostgreSQL and timers rather than compute, so three at once keep both
    // cores busy; every file isolates its schemas, topics, groups and queues (`uniqueName`).
    maxWorkers: 3,
    sequence: { sequencer: LongFirstSequencer },
  },
});
