import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@dunning/pg';

export const invoicesMigrations: MigrationSet = {
  name: 'invoices',
  dir: fileURLToPath(new URL('./migrations', import.meta.url)),
};
