import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const creditRiskMigrations: MigrationSet = {
  name: 'credit-risk',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
};
