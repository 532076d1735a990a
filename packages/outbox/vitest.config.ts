import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'outbox', include: ['test/**/*.test.ts'] },
});
