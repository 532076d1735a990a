import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from './src/long-form.ts';

export default defineProject({
  test: {
    name: 'testing',
    include: ['test/**/*.test.ts'],
    exclude: excludeUnlessLong(['test/private-kafka.test.ts', 'test/private-kafka-cluster.test.ts']),
  },
});
