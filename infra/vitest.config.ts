import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra',
    // A worker runs this project's files one after another in one module graph (no file changes
    // globals, mocks or fake timers): no new worker and no re-import per file.
    isolate: false,
    include: ['test/**/*.test.ts'],
  },
});
