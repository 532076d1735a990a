import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'platform-manifest', include: ['test/**/*.test.ts'] },
});
