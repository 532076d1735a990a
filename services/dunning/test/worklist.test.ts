import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTasks, type NewTask } from '../src/db/tasks.queries.ts';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';

interface Bucket {
  bucket: string;
  count: number;
  tasks: { taskId: string }[];
}

/*
 * Collector col-w's tasks, written straight into the table (priority, currency, step, then how each
 * ended): a1..a5 open calls (act-now; a5 claimed) with priorities 5..1, a3 in JPY and a final notice;
 * r1 re-queued past its SLA and r2 an escalation (at-risk); p1 done with a promise and p2 (as urgent,
 * older) closed because a promise elsewhere covered it (promised); d1 done with a dispute (disputed);
 * s1 closed as settled and n1 done with no answer (off the list); l1 in the legal queue (never on a
 * collector's list); o1 another collector's.
 */
describe("a collector's worklist, bucketed, counted and paged by the database", () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    // Tasks stay where they are put: no re-queue past a claim SLA moves them (a million compressed days
    // of 100 ms: more than a day, however slow the machine).
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000000' });
    service = await run.start();
    for (const collectorId of ['col-w', 'col-other']) {
      const put = await service.app.inject({
        headers: adminAuth,
        method: 'PUT',
        url: `/v1/collectors/${collectorId}`,
        payload: { name: 'Li Na', languages: ['zh-CN'], capacity: 100 },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    const task = (taskId: string, priority: number, over: Partial<NewTask> = {}): NewTask => ({
      taskId,
      customerId: 'cu-w',
      kind: 'call',
      stepId: `step-${taskId}`,
      stepName: 'overdue-email',
      invoiceIds: [`inv-${taskId}`],
      currency: 'EUR',
      amountMinor: 10_000n,
      priority,
      collectorId: 'col-w',
      createdAt: new Date(Date.now() - 60_000 + priority * 1000),
      ...over,
    });
    const client = await run.pool.connect();
    try {
      await insertTasks(client, [
        task('a1', 5),
        task('a2', 4),
        task('a3', 3, { currency: 'JPY', stepName: 'final-notice' }),
        task('a4', 2),
        task('a5', 1),
        task('r1', 9),
        task('r2', 8, { kind: 'escalation' }),
        task('p1', 7),
        task('p2', 7, { createdAt: new Date(Date.now() - 120_000) }),
        task('d1', 6),
        task('s1', 100),
        task('n1', 100),
        task('l1', 100),
        task('o1', 100, { collectorId: 'col-other' }),
      ]);
    } finally {
      client.release();
    }
    await run.pool.query(`
      UPDATE collector_tasks SET status = 'claimed' WHERE task_id = 'a5';
      UPDATE collector_tasks SET escalations = 1 WHERE task_id = 'r1';
      UPDATE collector_tasks SET status = 'done', outcome = '{"outcome":"promise-to-pay"}' WHERE task_id = 'p1';
      UPDATE collector_tasks SET status = 'closed', close_reason = 'promised' WHERE task_id = 'p2';
      UPDATE collector_tasks SET status = 'done', outcome = '{"outcome":"dispute"}' WHERE task_id = 'd1';
      UPDATE collector_tasks SET status = 'closed', close_reason = 'settled' WHERE task_id = 's1';
      UPDATE collector_tasks SET status = 'done', outcome = '{"outcome":"no-answer"}' WHERE task_id = 'n1';
      UPDATE collector_tasks SET queue = 'legal' WHERE task_id = 'l1';`);
  });
  afterAll(async () => {
    await run?.close();
  });

  const worklist = async (query = '') => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: `/v1/collectors/col-w/worklist${query}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    return {
      ...body,
      ids: Object.fromEntries(
        (body.buckets as Bucket[]).map((b) => [b.bucket, b.tasks.map((t) => t.taskId)]),
      ),
      counts: Object.fromEntries((body.buckets as Bucket[]).map((b) => [b.bucket, b.count])),
    };
  };

  it('puts each task in its bucket, most urgent first, and leaves ended, legal and others’ tasks out', async () => {
    const list = await worklist();
    expect(list.ids).toEqual({
      'act-now': ['a1', 'a2', 'a3', 'a4', 'a5'],
      promised: ['p2', 'p1'],
      disputed: ['d1'],
      'at-risk': ['r1', 'r2'],
    });
    expect(list).toMatchObject({ page: 1, pageSize: 50, pages: 1 });
    expect(list.currencies).toEqual(['EUR', 'JPY']);
    expect(list.steps).toEqual(['final-notice', 'overdue-email']);
  });

  it('breaks a tie in priority by age', async () => {
    // p1 and p2 share priority 7; p2 is the older task.
    expect((await worklist('?bucket=promised')).ids).toEqual({
      'act-now': [],
      promised: ['p2', 'p1'],
      disputed: [],
      'at-risk': [],
    });
  });

  it('pages every bucket alike and counts all pages', async () => {
    const second = await worklist('?pageSize=2&page=2');
    expect(second.ids).toEqual({ 'act-now': ['a3', 'a4'], promised: [], disputed: [], 'at-risk': [] });
    expect(second.counts).toEqual({ 'act-now': 5, promised: 2, disputed: 1, 'at-risk': 2 });
    expect(second).toMatchObject({ page: 2, pageSize: 2, pages: 3 });
    expect((await worklist('?pageSize=2&page=9')).ids['act-now']).toEqual([]);
  });

  it('filters by bucket, currency and step, counting only what the filters keep; the choices stay whole', async () => {
    const jpy = await worklist('?currency=JPY');
    expect(jpy.counts).toEqual({ 'act-now': 1, promised: 0, disputed: 0, 'at-risk': 0 });
    expect(jpy.currencies).toEqual(['EUR', 'JPY']);
    const step = await worklist('?step=overdue-email&bucket=act-now');
    expect(step.ids).toEqual({
      'act-now': ['a1', 'a2', 'a4', 'a5'],
      promised: [],
      disputed: [],
      'at-risk': [],
    });
  });

  it('answers 400 naming a bad bucket or page size, 404 for an unknown collector', async () => {
    const bad = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/collectors/col-w/worklist?bucket=later&pageSize=500',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('bucket');
    expect(bad.body).toContain('pageSize');
    const unknown = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/collectors/col-nobody/worklist',
    });
    expect(unknown.statusCode).toBe(404);
  });
});
