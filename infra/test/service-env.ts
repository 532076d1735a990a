import { loadConfig as consoleConfig } from '@dunning/console/config';
import { loadConfig as creditRiskConfig } from '@dunning/credit-risk/config';
import { loadConfig as dunningConfig } from '@dunning/dunning/config';
import { loadConfig as invoicesConfig } from '@dunning/invoices/config';
import { loadConfig as notificationsConfig } from '@dunning/notifications/config';

import { databaseUrlVariable } from '@dunning/service-runtime';

type Env = Record<string, string | undefined>;

/** Each workload's config loader, as its `main.ts` calls it. */
export const configLoaders: Record<string, (env: Env) => object> = {
  invoices: invoicesConfig,
  'credit-risk': creditRiskConfig,
  dunning: dunningConfig,
  notifications: notificationsConfig,
  console: consoleConfig,
};

/** Read by Node.js or a library rather than by a service's config. */
export const runtimeVariables = new Set(['NODE_OPTIONS', 'KAFKAJS_NO_PARTITIONER_WARNING', 'SERVICE']);

/**
 * The variables of `env` the service does not read: its config parses the environment with a zod
 * object, which keeps only the keys it knows, so a key set in `env` but absent from the parsed config
 * is one nobody reads (a typo, or a setting since renamed). Throws when the config refuses `env`.
 */
export function unreadVariables(service: string, env: Env): string[] {
  const load = configLoaders[service];
  if (!load) throw new Error(`no config loader for ${service}`);
  const parsed = load(env) as Record<string, unknown>;
  // The service's own database variable is read into DATABASE_URL, not kept under its own name.
  return Object.keys(env).filter(
    (name) => !runtimeVariables.has(name) && !(name in parsed) && name !== databaseUrlVariable(service),
  );
}
