import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformService, repositoryRoot } from '@dunning/platform-manifest';
import { deleteTopics, testAdminKey, testInfra, uniqueName, waitFor } from '@dunning/testing';
import { freePort } from '@dunning/testing/free-port';
import { stopProcess } from '@dunning/testing/stop-process';
import { afterAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../src/infra/private-postgres.ts';

type Ready = { status: number; checks: Record<string, string> };

// One real service process on a PostgreSQL and a redis-server of this test alone, which it stops and
// starts again: a balancer must stop sending traffic while a dependency is lost, and resume after.
describe('readiness follows the dependencies', () => {
  const { kafkaBrokers } = testInfra();
  const prefix = `${uniqueName('ready')}.`;
  const dir = mkdtempSync(join(tmpdir(), 'readiness-'));
  let postgres: PrivatePostgres | undefined;
  let redis: ChildProcess | undefined;
  let service: ChildProcess | undefined;
  afterAll(async () => {
    if (service) await stopProcess(service, { killAfterMs: 20_000 });
    if (redis) await stopProcess(redis);
    await postgres?.stop();
    await deleteTopics(kafkaBrokers, prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 within seconds when PostgreSQL or Redis is lost, and 200 once it is back', {
    timeout: 300_000,
  }, async () => {
    const redisPort = await freePort();
    const startRedis = () =>
      spawn(
        'redis-server',
        ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
    redis = startRedis();
    postgres = await startPrivatePostgres(join(dir, 'pg'));
    const port = await freePort();
    service = spawn(process.execPath, [platformService('invoices').main], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        DATABASE_URL: postgres.url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        KAFKA_BROKERS: kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        ADMIN_API_KEY: testAdminKey,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    });
    const ready = async (): Promise<Ready | undefined> => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (!response) return undefined;
      const body = (await response.json()) as { checks: Record<string, string> };
      return { status: response.status, checks: body.checks };
    };
    /** Polls until `until` holds; the ms it took. */
    const after = async (what: string, until: (r: Ready) => boolean, timeoutMs: number) => {
      const started = Date.now();
      await waitFor(
        async () => {
          const r = await ready();
          return r !== undefined && until(r);
        },
        { timeoutMs, what, intervalMs: 100 },
      );
      return Date.now() - started;
    };
    await after('the service ready', (r) => r.status === 200, 180_000);

    await stopProcess(redis);
    const redisLost = await after(
      '503 naming redis',
      (r) => r.status === 503 && r.checks.redis !== 'ok',
      30_000,
    );
    redis = startRedis();
    const redisBack = await after('200 with redis back', (r) => r.status === 200, 60_000);

    await postgres.stop();
    const postgresLost = await after(
      '503 naming postgres',
      (r) => r.status === 503 && r.checks.postgres !== 'ok',
      30_000,
    );
    await postgres.start();
    const postgresBack = await after('200 with postgres back', (r) => r.status === 200, 60_000);

    console.log(
      `readiness: redis lost -> 503 in ${redisLost} ms, back -> 200 in ${redisBack} ms; postgres lost -> 503 in ${postgresLost} ms, back -> 200 in ${postgresBack} ms`,
    );
    // The check's own timeout is 2 s; a few more for a loaded machine.
    expect(redisLost).toBeLessThan(10_000);
    expect(postgresLost).toBeLessThan(10_000);
  });
});
