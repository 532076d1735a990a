import { testInfra, waitFor } from '@dunning/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
} from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

// Longer days than the other ladder tests, so that a loaded machine still moves the keys mid-ladder.
const DAY_MS = 250;

// The upgrade to hash-tagged BullMQ keys: the armed timers stay under the previous layout
// (`<prefix>bull:...`, no braces), which the service no longer reads. The sweeper's grace is ten
// minutes, so within the test only the pump arming the timers again can run the remaining steps.
describe('step timers the queue lost', () => {
  let redis: Redis;
  let run: DunningUnderTest;

  beforeAll(async () => {
    redis = new Redis(testInfra().redisUrl, { maxRetriesPerRequest: null });
    run = await dunningUnderTest({ DAY_MS: String(DAY_MS), HORIZON_DAYS: '100', SWEEP_GRACE_MS: '600000' });
    await run.start();
  });
  afterAll(async () => {
    await run?.close();
    if (run) {
      const keys = await redis.keys(`*${run.config.bullPrefix.slice(1, -1)}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis?.disconnect();
  });

  it('are armed again from PostgreSQL and run on time, each once, after the key layout changed', {
    timeout: 120_000,
  }, async () => {
    const overdueAt = new Date(Date.now() + 500);
    const invoices = ['up-1', 'up-2', 'up-3'];
    await run.feed.publish(invoices.map((id) => issued(`c-${id}`, id, overdueAt)));
    await waitFor(
      async () =>
        (await run.pool.query("SELECT 1 FROM dunning_steps WHERE name = 'reminder' AND status = 'done'"))
          .rowCount === invoices.length,
      { what: 'reminders to run', timeoutMs: 60_000 },
    );

    // Every key of the queue moves, in one transaction, to where the previous version kept it.
    const tagged = run.config.bullPrefix;
    const untagged = tagged.slice(1, -1);
    const keys = await redis.keys(`${tagged}*`);
    const moves = redis.multi();
    for (const key of keys) moves.rename(key, `${untagged}${key.slice(tagged.length)}`);
    await moves.exec();
    const movedAt = Date.now();
    expect(await redis.zcard(`${untagged}:dunning-step-timers:delayed`)).toBeGreaterThanOrEqual(
      invoices.length,
    );

    let dueAfterMove = 0;
    for (const steps of await Promise.all(invoices.map((id) => ladderFinished(run.pool, id, 90_000)))) {
      expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
      for (const step of steps) {
        if (step.due_at.getTime() <= movedAt) continue;
        dueAfterMove++;
        const lateness = step.executed_at!.getTime() - step.due_at.getTime();
        expect(lateness).toBeGreaterThanOrEqual(0);
        expect(lateness).toBeLessThanOrEqual(20 * DAY_MS);
      }
    }
    expect(dueAfterMove).toBeGreaterThanOrEqual(invoices.length);
    const counts = await waitFor(() => {
      const c = noticeCounts(run.feed, invoices);
      return c.size === invoices.length * 5 && c;
    });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
