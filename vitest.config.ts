import { defineConfig } from 'vitest/config';

// One vitest project per package and service; each declares its own setup.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*'],
    reporters: ['default', './packages/testing/src/summary-reporter.ts'],
  },
});
