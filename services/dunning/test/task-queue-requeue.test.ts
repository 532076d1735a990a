import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requeueUnclaimedTasks } from '../src/commands/requeue-tasks.ts';
import { insertTasks, type NewTask } from '../src/db/tasks.queries.ts';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';

describe("a collector's queue after a thousand re-queues", () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    // The service's own sweeper must not re-queue meanwhile: a claim SLA of 1,000 days (100 s).
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000' });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const task = (taskId: string, priority: number, createdAt: Date): NewTask => ({
    taskId,
    customerId: `c-${taskId}`,
    kind: 'call',
    stepId: `step-${taskId}`,
    stepName: 'reminder',
    invoiceIds: [`i-${taskId}`],
    currency: 'CNY',
    amountMinor: 100_000_000n,
    priority,
    collectorId: 'col-q',
    createdAt,
  });

  const queue = async () => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/collectors/col-q/tasks',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().tasks as { taskId: string; priority: number; escalations: number }[];
  };

  it('answers 200 with finite priorities, each escalated at most eightfold, in a stable order', async () => {
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-q',
      payload: { name: 'Queue Keeper', languages: ['en'], capacity: 10 },
    });
    // 1,000,000.00 CNY × B (2) × 60 days: doubled a thousand times this was Infinity.
    const start = Date.now();
    const client = await run.pool.connect();
    try {
      await insertTasks(client, [
        task('big', 120_000_000, new Date(start)),
        task('small', 60_000_000, new Date(start + 1)),
      ]);
    } finally {
      client.release();
    }
    const slaMs = run.config.TASK_CLAIM_SLA_DAYS * run.config.DAY_MS;
    let clock = start;
    const context = { config: run.config, now: () => new Date(clock) };
    for (let i = 0; i < 1_000; i++) {
      clock += slaMs + 1;
      // The only collector keeps its tasks (nobody else has room); each pass is one re-queue.
      expect(await requeueUnclaimedTasks(run.pool, context)).toBe(2);
    }
    const client2 = await run.pool.connect();
    try {
      // A fresh task between the two escalated ones: escalation is bounded, not a runaway.
      await insertTasks(client2, [task('fresh', 500_000_000, new Date(start + 2))]);
    } finally {
      client2.release();
    }
    const tasks = await queue();
    expect(tasks.map((t) => [t.taskId, t.priority, t.escalations])).toEqual([
      ['big', 960_000_000, 1_000],
      ['fresh', 500_000_000, 0],
      ['small', 480_000_000, 1_000],
    ]);
    expect(tasks.every((t) => Number.isFinite(t.priority))).toBe(true);
    // Asked again, the same order.
    expect((await queue()).map((t) => t.taskId)).toEqual(['big', 'fresh', 'small']);
  }, 120_000);
});
