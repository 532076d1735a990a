/** PostgreSQL SQLSTATE codes the platform reacts to, by name. */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  adminShutdown: '57P01',
  cannotConnectNow: '57P03',
} as const;

export function isPgError(error: unknown, code: (typeof PgErrorCode)[keyof typeof PgErrorCode]): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
