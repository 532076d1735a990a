import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const dunningMigrations: MigrationSet = {
  name: 'dunning',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
};
