import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'kafka', include: ['test/**/*.test.ts'] },
});
