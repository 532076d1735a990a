import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const consoleMigrations: MigrationSet = {
  name: 'console',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
};
