import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'console',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
