import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'kafka',
    // A worker runs this project's files one after another in one module graph (no file changes
    // globals, mocks or fake timers): no new worker and no re-import per file.
    isolate: false,
    include: ['test/**/*.test.ts'],
    globalSetup: ['../testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
