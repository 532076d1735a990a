export { isPgError, PgErrorCode } from './error-codes.ts';
export { type Listener, type ListenLogger, type ListenOptions, listen } from './listen.ts';
export { lockKey, lockKeySql } from './lock-key.ts';
export { type MigrationSet, migrate } from './migrate.ts';
export { assertSchemaName, createPool, type PoolOptions } from './pool.ts';
export { withSavepoint, withTransaction } from './transaction.ts';
