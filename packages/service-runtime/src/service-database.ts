import type { Env } from './config.ts';

/**
 * The variable naming one service's own database: `INVOICES_DATABASE_URL` for invoices,
 * `CREDIT_RISK_DATABASE_URL` for credit-risk. A deployment that gives each service a database of its
 * own sets these; one that shares a database sets `DATABASE_URL` alone.
 */
export function databaseUrlVariable(service: string): string {
  return `${service.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`;
}

/** The service's own database URL when set (non-empty), else the shared `DATABASE_URL`. */
export function serviceDatabaseUrl(service: string, env: Env): string | undefined {
  return nonEmpty(env[databaseUrlVariable(service)]) ?? nonEmpty(env.DATABASE_URL);
}

/**
 * The environment as the service reads it: its own database URL, when set, becomes its
 * `DATABASE_URL`, so the rest of the service (pool, migrations, LISTEN, replay) knows one variable.
 */
export function withServiceDatabase(service: string, env: Env): Env {
  const own = nonEmpty(env[databaseUrlVariable(service)]);
  return own === undefined ? env : { ...env, DATABASE_URL: own };
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
