import { defineProject } from 'vitest/config';
import { excludeUnlessLong } from '../../packages/testing/src/long-form.ts';

export default defineProject({
  test: {
    name: 'credit-risk',
    include: ['test/**/*.test.ts'],
    // Lateness fading over compressed months: the long form (npm run test:long).
    exclude: excludeUnlessLong(['test/lateness-fades.integration.test.ts']),
    globalSetup: ['../../packages/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
