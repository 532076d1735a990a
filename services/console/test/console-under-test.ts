import { dropSchemas, testAdminKey, testInfra, testLogger, uniqueName } from '@dunning/testing';
import { loadConfig } from '../src/config.ts';
import { type ConsoleService, startConsoleService } from '../src/service.ts';

export const ADMIN_PASSWORD = 'first-admin-password';

/** The console on a schema of its own; the services' URLs are given by the test (or unreachable). */
export async function startConsole(
  env: Record<string, string> = {},
): Promise<ConsoleService & { close(): Promise<void> }> {
  const infra = testInfra();
  const schema = uniqueName('console');
  const service = await startConsoleService(
    loadConfig({
      DATABASE_URL: infra.databaseUrl,
      DB_SCHEMA: schema,
      CONSOLE_API_KEY: testAdminKey,
      CONSOLE_ADMIN_USER: 'root',
      CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CONSOLE_COOKIE_SECURE: 'false',
      INVOICES_URL: 'http://127.0.0.1:9',
      CREDIT_RISK_URL: 'http://127.0.0.1:9',
      DUNNING_URL: 'http://127.0.0.1:9',
      NOTIFICATIONS_URL: 'http://127.0.0.1:9',
      PORT: '0',
      ...env,
    }),
    testLogger('console'),
  );
  return {
    ...service,
    async close() {
      await service.stop();
      await dropSchemas(infra.databaseUrl, [schema]);
    },
  };
}

/** The hidden `_csrf` value of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** The `name=value` pairs of a response's Set-Cookie headers, for the next request's Cookie header. */
export function cookiesOf(setCookie: string | string[] | undefined, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.split('=')[0], pair] as const),
  );
  for (const line of [setCookie ?? []].flat()) {
    const pair = line.split(';')[0] ?? '';
    const name = pair.split('=')[0] ?? '';
    if (/Max-Age=0/.test(line)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}
