import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

/** The consumer's dedupe table, migrated into every schema that consumes events. */
export const kafkaMigrations: MigrationSet = {
  name: 'kafka',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
