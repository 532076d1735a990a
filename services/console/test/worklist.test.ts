import { describe, expect, it } from 'vitest';
import type { CollectorTask } from '../src/clients/types.ts';
import { bucketOf, buildWorklist, PAGE_SIZE, parseWorklistFilter } from '../src/domain/worklist.ts';

const task = (over: Partial<CollectorTask>): CollectorTask => ({
  taskId: 't',
  customerId: 'c',
  kind: 'call',
  step: 'reminder',
  invoiceIds: ['i'],
  amount: '100.00',
  currency: 'CNY',
  priority: 1,
  collectorId: 'col',
  status: 'open',
  closeReason: null,
  escalations: 0,
  createdAt: '2026-12-01T00:00:00.000Z',
  claimedAt: null,
  outcome: null,
  ...over,
});

describe('bucketOf', () => {
  it.each([
    ['an open call', task({}), 'act-now'],
    ['a claimed call', task({ status: 'claimed' }), 'act-now'],
    ['an escalation', task({ kind: 'escalation' }), 'at-risk'],
    ['a call re-queued past its SLA', task({ escalations: 2 }), 'at-risk'],
    [
      'a task with a promise recorded',
      task({ status: 'done', outcome: { outcome: 'promise-to-pay' } }),
      'promised',
    ],
    ['a task closed by a promise elsewhere', task({ status: 'closed', closeReason: 'promised' }), 'promised'],
    ['a task with a dispute recorded', task({ status: 'done', outcome: { outcome: 'dispute' } }), 'disputed'],
    ['a task closed by a dispute', task({ status: 'closed', closeReason: 'disputed' }), 'disputed'],
    ['a settled task', task({ status: 'closed', closeReason: 'settled' }), undefined],
    ['a task with no answer', task({ status: 'done', outcome: { outcome: 'no-answer' } }), undefined],
  ])('%s', (_name, t, bucket) => {
    expect(bucketOf(t)).toBe(bucket);
  });
});

describe('buildWorklist', () => {
  const tasks = [
    task({ taskId: 'low', priority: 5 }),
    task({ taskId: 'high', priority: 50 }),
    task({ taskId: 'tie-later', priority: 5, createdAt: '2026-12-02T00:00:00.000Z' }),
    task({ taskId: 'jpy', priority: 100, currency: 'JPY', amount: '10000', step: 'final' }),
    task({ taskId: 'kwd', priority: 1, currency: 'KWD', amount: '1.005', kind: 'escalation' }),
    task({ taskId: 'kept', status: 'done', outcome: { outcome: 'promise-to-pay' } }),
    task({ taskId: 'gone', status: 'closed', closeReason: 'settled' }),
  ];

  it('sorts each bucket by priority, then age, and counts them', () => {
    const list = buildWorklist(tasks, {});
    const actNow = list.buckets.find((b) => b.bucket === 'act-now');
    expect(actNow?.tasks.map((t) => t.taskId)).toEqual(['jpy', 'high', 'low', 'tie-later']);
    expect(list.buckets.map((b) => [b.bucket, b.count])).toEqual([
      ['act-now', 4],
      ['promised', 1],
      ['disputed', 0],
      ['at-risk', 1],
    ]);
    expect(list.currencies).toEqual(['CNY', 'JPY', 'KWD']);
    expect(list.steps).toEqual(['final', 'reminder']);
  });

  it('filters by currency, step and bucket, keeping the choices of the whole list', () => {
    expect(
      buildWorklist(tasks, { currency: 'JPY' }).buckets.flatMap((b) => b.tasks.map((t) => t.taskId)),
    ).toEqual(['jpy']);
    expect(buildWorklist(tasks, { step: 'final' }).buckets[0]?.count).toBe(1);
    const atRisk = buildWorklist(tasks, { bucket: 'at-risk' });
    expect(atRisk.buckets.map((b) => b.count)).toEqual([0, 0, 0, 1]);
    expect(atRisk.currencies).toEqual(['CNY', 'JPY', 'KWD']);
  });

  it('pages each bucket, most urgent first, counting every page', () => {
    const many = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) =>
      task({ taskId: `t${i}`, priority: 1000 - i }),
    );
    const first = buildWorklist(many, {});
    expect(first).toMatchObject({ page: 1, pages: 3 });
    expect(first.buckets[0]?.count).toBe(PAGE_SIZE * 2 + 3);
    expect(first.buckets[0]?.tasks.map((t) => t.taskId).slice(0, 2)).toEqual(['t0', 't1']);
    expect(first.buckets[0]?.tasks).toHaveLength(PAGE_SIZE);
    const last = buildWorklist(many, { page: 3 });
    expect(last.buckets[0]?.tasks.map((t) => t.taskId)).toEqual([
      `t${PAGE_SIZE * 2}`,
      `t${PAGE_SIZE * 2 + 1}`,
      `t${PAGE_SIZE * 2 + 2}`,
    ]);
    // A page past the end shows the last one.
    expect(buildWorklist(many, { page: 99 }).page).toBe(3);
    expect(buildWorklist([], { page: 5 })).toMatchObject({ page: 1, pages: 1 });
  });

  it('is empty for no tasks', () => {
    expect(buildWorklist([], {}).buckets.every((b) => b.count === 0)).toBe(true);
  });
});

describe('parseWorklistFilter', () => {
  it('keeps known values and drops the rest', () => {
    expect(parseWorklistFilter({ bucket: 'promised', currency: 'CNY', step: 'reminder' })).toEqual({
      bucket: 'promised',
      currency: 'CNY',
      step: 'reminder',
    });
    expect(parseWorklistFilter({ bucket: 'nonsense', currency: '', step: ['a', 'b'], page: '0' })).toEqual(
      {},
    );
    expect(parseWorklistFilter({ page: '2' })).toEqual({ page: 2 });
    expect(parseWorklistFilter({ page: '1.5' })).toEqual({});
  });
});
