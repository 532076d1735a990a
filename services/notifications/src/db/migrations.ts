import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const notificationsMigrations: MigrationSet = {
  name: 'notifications',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
};
