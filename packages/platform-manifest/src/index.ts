import { fileURLToPath } from 'node:url';

export type ServiceName = 'invoices' | 'credit-risk' | 'dunning' | 'notifications';

/** One service of the platform: what starts it and where it lives. */
export interface PlatformService {
  name: ServiceName;
  /** Its HTTP port unless `PORT` says otherwise. */
  port: number;
  /** Its PostgreSQL schema unless `DB_SCHEMA` says otherwise. */
  schema: string;
  /** The file that runs it (`node <main>`). */
  main: string;
}

/** The repository's top folder, for tools that start services or write under `var/` and `docs/`. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const service = (name: ServiceName, port: number, schema: string): PlatformService => ({
  name,
  port,
  schema,
  main: fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url)),
});

/**
 * The four services, in the order they start: the one list that the services' configs, the
 * supervisor of `npm start`, backup and restore, and the test and benchmark harness read.
 */
export const platformServices: readonly PlatformService[] = [
  service('invoices', 3001, 'invoices'),
  service('credit-risk', 3002, 'credit_risk'),
  service('dunning', 3003, 'dunning'),
  service('notifications', 3004, 'notifications'),
];

export const serviceNames: readonly ServiceName[] = platformServices.map((s) => s.name);

/**
 * The web console (services/console): HTML for collectors and ops over the four services' HTTP APIs.
 * It consumes no events and owns no domain data, so it is not one of `platformServices` (which the
 * harness starts as the platform under test); `npm start` runs it after them (`startedByNpmStart`).
 */
export const consoleApp = {
  name: 'console',
  port: 3000,
  schema: 'console',
  main: fileURLToPath(new URL('../../../services/console/src/main.ts', import.meta.url)),
} as const;

/** What `npm start` runs and waits for, in order: the four services, then the console. */
export const startedByNpmStart: readonly { name: string; port: number; schema: string; main: string }[] = [
  ...platformServices,
  consoleApp,
];

export function platformService(name: ServiceName): PlatformService {
  const found = platformServices.find((s) => s.name === name);
  if (!found) throw new Error(`no service named ${name}`);
  return found;
}
