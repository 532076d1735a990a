import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from './src/long-form.ts';

export default defineProject({
  test: {
    name: 'testing',
    // A worker runs this project's files one after another in one module graph (no file changes
    // globals, mocks or fake timers): no new worker and no re-import per file.
    isolate: false,
    include: ['test/**/*.test.ts'],
    exclude: excludeUnlessLong(['test/private-kafka.test.ts', 'test/private-kafka-cluster.test.ts']),
  },
});
