import { join } from 'node:path';
import { databaseUrlVariable } from '@dunning/service-runtime';
import type { ServiceName } from '../platform/replicas.ts';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts';

/** Where each service keeps its data: one private PostgreSQL server, or two. */
export interface PostgresServers {
  /** The first server: every service's unless it lives on the second. */
  primary: PrivatePostgres;
  /** The second server (two-server topology only): dunning's and notifications'. */
  second: PrivatePostgres | undefined;
  urlOf(service: ServiceName): string;
  /**
   * Environment for a service: the shared `DATABASE_URL` (the first server) and, for a service on
   * the second, its own `<SERVICE>_DATABASE_URL`, as a deployment with a database per service sets them.
   */
  env(service: ServiceName): Record<string, string>;
  /** The fault of this topology: none with one server. */
  faults: { name: string; inject(): Promise<void> }[];
  describe(): string;
  stop(): Promise<void>;
}

/** Services that live on the second server when there are two: the ladder and the deliveries. */
const onSecond: readonly ServiceName[] = ['dunning', 'notifications'];

export async function startPostgresServers(workDir: string, count: 1 | 2): Promise<PostgresServers> {
  const [primary, second] = await Promise.all([
    startPrivatePostgres(join(workDir, 'pg')),
    count === 2 ? startPrivatePostgres(join(workDir, 'pg2')) : undefined,
  ]);
  const urlOf = (service: ServiceName) => (second && onSecond.includes(service) ? second.url : primary!.url);
  return {
    primary: primary!,
    second,
    urlOf,
    env(service) {
      const own = urlOf(service);
      return {
        DATABASE_URL: primary!.url,
        ...(own !== primary!.url ? { [databaseUrlVariable(service)]: own } : {}),
      };
    },
    faults: second
      ? [
          {
            name: 'second PostgreSQL server (dunning, notifications) crash (immediate stop), restart',
            inject: () => second.crashAndRestart(),
          },
        ]
      : [],
    describe: () =>
      second
        ? `PostgreSQL ${primary!.url} (invoices, credit-risk) and ${second.url} (dunning, notifications)`
        : `PostgreSQL ${primary!.url}`,
    async stop() {
      await Promise.all([primary!.stop(), second?.stop()]);
    },
  };
}
