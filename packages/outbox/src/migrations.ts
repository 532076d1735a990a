import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const outboxMigrations: MigrationSet = {
  name: 'outbox',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
