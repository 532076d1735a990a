import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tracing',
    include: ['test/**/*.test.ts'],
  },
});
