import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'faults',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
