import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'erp-simulator', include: ['test/**/*.test.ts'] },
});
