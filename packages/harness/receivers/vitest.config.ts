import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'receivers',
    include: ['test/**/*.test.ts'],
  },
});
