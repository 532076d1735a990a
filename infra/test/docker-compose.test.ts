import { readFileSync } from 'node:fs';
import { startedByNpmStart } from '@dunning/platform-manifest';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unreadVariables } from './service-env.ts';

interface ComposeService {
  build?: { args?: Record<string, string> };
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
}

const text = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, ComposeService> };

/** `${NAME:?message}` and `${NAME:-default}` as Compose fills them in, with a value set for NAME. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g, (_, name: string) => `value-of-${name}-0123456789`);
}

describe('docker-compose.yml', () => {
  it('runs Kafka, PostgreSQL and Redis with health checks the services wait for', () => {
    for (const name of ['kafka', 'postgres', 'redis'])
      expect(compose.services[name]?.healthcheck, name).toBeDefined();
  });

  it('runs every workload npm start runs, from its build argument, on its port', () => {
    for (const { name, port } of startedByNpmStart) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      expect(service?.build?.args?.SERVICE).toBe(name);
      expect(service?.ports).toContain(`${port}:${port}`);
    }
  });

  it('gives each service a configuration it accepts, naming only settings it reads', () => {
    for (const { name } of startedByNpmStart) {
      const env = Object.fromEntries(
        Object.entries(compose.services[name]?.environment ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value)),
        ]),
      );
      expect(Object.keys(env).length, name).toBeGreaterThan(2);
      expect(unreadVariables(name, env), name).toEqual([]);
    }
  });
});
