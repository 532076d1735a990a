import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminAuth, waitFor } from '@dunning/testing';
import { type PrivateRedisCluster, startPrivateRedisCluster } from '@dunning/testing/private-redis-cluster';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_TIMER_QUEUE } from '../src/jobs/step-timer.job.ts';
import type { DunningService } from '../src/service.ts';
import {
  DAY_MS,
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
} from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

// On a three-master Redis Cluster of its own. The sweeper's grace is ten minutes, so within the test
// only the BullMQ timers can run a step: the queue itself must work on the cluster.
describe('step timers on a Redis Cluster', () => {
  let dir: string;
  let cluster: PrivateRedisCluster;
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dunning-redis-cluster-'));
    cluster = await startPrivateRedisCluster({ dir });
    run = await dunningUnderTest({
      REDIS_CLUSTER_NODES: cluster.nodes,
      HORIZON_DAYS: '100',
      SWEEP_GRACE_MS: '600000',
      RATE_LIMIT_PER_MINUTE: '3',
    });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step of a ladder on its timer, each notice once', async () => {
    const overdueAt = new Date(Date.now() + 500);
    const invoices = ['rc-1', 'rc-2', 'rc-3'];
    await run.feed.publish(invoices.map((id) => issued(`c-${id}`, id, overdueAt)));
    for (const steps of await Promise.all(invoices.map((id) => ladderFinished(run.pool, id)))) {
      expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
      for (const step of steps) {
        const lateness = step.executed_at!.getTime() - step.due_at.getTime();
        expect(lateness).toBeGreaterThanOrEqual(0);
        expect(lateness).toBeLessThanOrEqual(20 * DAY_MS);
      }
    }
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, invoices);
      return c.size === invoices.length * 5 && c;
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('is ready, and counts the rate limit in the cluster', async () => {
    const ready = await service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await service.app.inject({ method: 'GET', url: '/v1/ops/status', headers: adminAuth })).statusCode,
      );
    // A store that failed would let every request through (the limit skips on Redis errors).
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('runs on a real cluster: the same queue under a prefix without a hash tag is refused', async () => {
    const [host, port] = cluster.nodes.split(',')[0]!.split(':');
    const client = new Cluster([{ host: host!, port: Number(port) }], {
      redisOptions: { maxRetriesPerRequest: null },
    });
    const untagged = new Queue(STEP_TIMER_QUEUE, { connection: client, prefix: `${run.name}-untagged` });
    try {
      await expect(untagged.add('run-step', { stepId: 'x' }, { delay: 60_000 })).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
      client.disconnect();
    }
  });
});
