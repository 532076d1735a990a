import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'dunning',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
