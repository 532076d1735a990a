import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'service-runtime',
    include: ['test/**/*.test.ts'],
    globalSetup: ['../testing/src/global-setup.ts'],
  },
});
