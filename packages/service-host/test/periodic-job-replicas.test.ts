import { createPool } from '@dunning/pg';
import { createMetricsRegistry } from '@dunning/service-runtime';
import { dropSchemas, testInfra, testLogger, uniqueName, waitFor } from '@dunning/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  advisoryJobLock,
  createHostMetrics,
  type RunningPeriodicJob,
  startPeriodicJob,
} from '../src/index.ts';

describe('periodic jobs across replicas', () => {
  const { databaseUrl } = testInfra();
  const schema = uniqueName('jobs');
  const pools = [1, 2, 3].map(() =>
    createPool({ connectionString: databaseUrl, schema, applicationName: 'jobs-test' }),
  );
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await dropSchemas(databaseUrl, [schema]);
  });

  it('runs an exclusive job on one replica at a time, every replica in turn, and counts the turns it skipped', {
    timeout: 30_000,
  }, async () => {
    const logger = testLogger('jobs');
    // Three replicas (each its own pool and registry), one job; `active` sees every replica's run.
    let active = 0;
    let maxActive = 0;
    const runsBy = [0, 0, 0];
    const registries = pools.map(() => createMetricsRegistry());
    const jobs: RunningPeriodicJob[] = [];
    for (const [replica, pool] of pools.entries()) {
      jobs.push(
        await startPeriodicJob(
          {
            name: 'sweep',
            everyMs: 3,
            firstRunAfterMs: 0,
            async run() {
              active++;
              maxActive = Math.max(maxActive, active);
              await new Promise((resolve) => setTimeout(resolve, 15));
              active--;
              runsBy[replica]!++;
            },
          },
          logger,
          {
            lock: advisoryJobLock(pool, schema),
            metrics: createHostMetrics(registries[replica]!).periodicJobs,
          },
        ),
      );
    }
    const skipped = async () => {
      let total = 0;
      for (const registry of registries) {
        const metric = await registry.getSingleMetric('periodic_job_skipped_total')!.get();
        total +=
          metric.values.find((v) => v.labels.job === 'sweep' && v.labels.reason === 'held')?.value ?? 0;
      }
      return total;
    };
    await waitFor(async () => runsBy.every((runs) => runs >= 5) && (await skipped()) >= 5, {
      timeoutMs: 20_000,
      what: 'five runs by every replica and five turns skipped',
    });
    // runOnce waits for the lock instead of skipping.
    await jobs[0]!.runOnce();
    await Promise.all(jobs.map((job) => job.stop()));

    expect(maxActive).toBe(1);
    for (const [replica, registry] of registries.entries()) {
      const runs = await registry.getSingleMetric('periodic_job_runs_total')!.get();
      expect(runs.values.find((v) => v.labels.job === 'sweep' && v.labels.outcome === 'ok')?.value).toBe(
        runsBy[replica],
      );
    }
  });

  it('lets a shared job run on several replicas at once', { timeout: 30_000 }, async () => {
    let active = 0;
    let maxActive = 0;
    const jobs = await Promise.all(
      pools.map((pool) =>
        startPeriodicJob(
          {
            name: 'claim-rows',
            everyMs: 2,
            firstRunAfterMs: 0,
            replicas: 'shared',
            async run() {
              active++;
              maxActive = Math.max(maxActive, active);
              await new Promise((resolve) => setTimeout(resolve, 20));
              active--;
            },
          },
          testLogger('jobs'),
          { lock: advisoryJobLock(pool, schema) },
        ),
      ),
    );
    await waitFor(async () => maxActive > 1, { timeoutMs: 10_000, what: 'two runs at once' });
    await Promise.all(jobs.map((job) => job.stop()));
  });

  it('survives losing the connection that holds the lock mid-run, and locks afresh on the next run', {
    timeout: 30_000,
  }, async () => {
    const applicationName = uniqueName('joblock');
    const lockPool = createPool({ connectionString: databaseUrl, schema, applicationName });
    const admin = pools[0]!;
    let runs = 0;
    try {
      const job = await startPeriodicJob(
        {
          name: 'cut-off',
          everyMs: 10,
          firstRunAfterMs: 0,
          async run() {
            runs++;
            if (runs > 1) return;
            // The server ends the lock's session while the run goes on (a restart, an administrator).
            await admin.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
              [applicationName],
            );
            await waitFor(
              async () =>
                (
                  await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [
                    applicationName,
                  ])
                ).rowCount === 0,
              { what: 'the session ended' },
            );
            // Still running while the client hears its socket close.
            await new Promise((resolve) => setTimeout(resolve, 200));
          },
        },
        testLogger('jobs'),
        { lock: advisoryJobLock(lockPool, schema) },
      );
      await waitFor(async () => runs >= 3, { timeoutMs: 10_000, what: 'runs after the lost connection' });
      await job.stop();
    } finally {
      await lockPool.end();
    }
  });
});
