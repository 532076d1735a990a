import { configDefaults } from 'vitest/config';

/**
 * The `exclude` of a project whose slowest files run only in the long form (`npm run test:long`, or
 * `LONG_TESTS=1`): thorough checks of parts that change rarely, kept out of `npm test` so that CI stays
 * within its 10 minutes.
 */
export function excludeUnlessLong(longFormFiles: string[]): string[] {
  return process.env.LONG_TESTS === '1'
    ? configDefaults.exclude
    : [...configDefaults.exclude, ...longFormFiles];
}
