import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from '@dunning/testing';
import { freePort } from '@dunning/testing/free-port';
import { stopProcess } from '@dunning/testing/stop-process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
} from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

// Never on the shared Redis: this test starts its own redis-server and empties that one.
describe('chaos: FLUSHALL on Redis mid-ladder', () => {
  let redisServer: ChildProcess;
  let redis: Redis;
  let run: DunningUnderTest;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      {
        stdio: 'ignore',
      },
    );
    redis = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
    await waitFor(async () => (await redis.ping()) === 'PONG', { what: 'own redis-server' });
    // A horizon of 100 days arms every timer at once, so the flush really destroys pending timers.
    run = await dunningUnderTest({ REDIS_URL: `redis://127.0.0.1:${port}`, HORIZON_DAYS: '100' });
    await run.start();
  });
  afterAll(async () => {
    await run?.close();
    redis?.disconnect();
    if (redisServer) await stopProcess(redisServer);
  });

  it('every step still runs exactly once, late by at most a sweep', async () => {
    const overdueAt = new Date(Date.now() + 500);
    const invoices = ['f1a', 'f1b', 'f2a', 'f2b', 'f3a'];
    await run.feed.publish(invoices.map((id) => issued(`cf-${id.slice(0, 2)}`, id, overdueAt)));
    const delayedKey = `${run.config.bullPrefix}:dunning-step-timers:delayed`;
    await waitFor(async () => (await redis.zcard(delayedKey)) >= invoices.length * 3, {
      what: 'timers armed in Redis',
    });
    await waitFor(
      async () =>
        (await run.pool.query("SELECT 1 FROM dunning_steps WHERE name = 'reminder' AND status = 'done'"))
          .rowCount === invoices.length,
      { what: 'reminders to run' },
    );
    const flushedAt = Date.now();
    await redis.flushall();
    expect(await redis.zcard(delayedKey)).toBe(0);
    const all = await Promise.all(invoices.map((id) => ladderFinished(run.pool, id)));
    for (const steps of all) {
      expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
      steps.forEach((step, i) => {
        // In ladder order: no step ran before the one ahead of it.
        const next = steps[i + 1];
        if (next) expect(step.executed_at!.getTime()).toBeLessThanOrEqual(next.executed_at!.getTime());
        if (step.due_at.getTime() <= flushedAt) return;
        const lateness = step.executed_at!.getTime() - step.due_at.getTime();
        expect(lateness).toBeGreaterThanOrEqual(0);
        // Grace (250 ms) + one sweep interval (50 ms) + the run itself, with 15 days (1.5 s) of room
        // for a loaded machine: still well under the 23 days to the next step.
        expect(lateness).toBeLessThanOrEqual(
          run.config.sweepGraceMs + run.config.sweepIntervalMs + 15 * DAY_MS,
        );
      });
    }
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, invoices);
      return c.size === invoices.length * 5 && c;
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Consolidation: both invoices of customer cf-f1 share each notice.
    const shared = run.feed
      .actionsFor('f1a')
      .filter((a) => a.data.invoices.some((i) => i.invoiceId === 'f1b'));
    expect(shared.length).toBeGreaterThanOrEqual(5);
  });
});
