export { isPgError, PgErrorCode } from './error-codes.ts';
export { type MigrationSet, migrate } from './migrate.ts';
export { assertSchemaName, createPool, type PoolOptions } from './pool.ts';
export { withTransaction } from './transaction.ts';
