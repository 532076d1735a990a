import type { DunningEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

describe('a task outcome is published once, its overdue reason kept as data', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000' });
    service = await run.start();
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-o',
      payload: { name: 'Li Na', languages: ['zh-CN'], capacity: 100 },
    });
  });
  afterAll(async () => {
    await run?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    service.app.inject({ headers: { ...adminAuth, 'x-acting-user': 'li.na' }, method, url, payload });
  const claimedTaskFor = async (invoiceId: string): Promise<string> => {
    const task = await waitFor(
      async () =>
        (await call('GET', '/v1/collectors/col-o/tasks'))
          .json()
          .tasks.find((t: { invoiceIds: string[] }) => t.invoiceIds.includes(invoiceId)) as
          | { taskId: string }
          | undefined,
      { what: `a task for ${invoiceId}` },
    );
    const claim = await call('POST', `/v1/tasks/${task.taskId}/claim`, { collectorId: 'col-o' });
    expect(claim.statusCode, claim.body).toBe(200);
    return task.taskId;
  };
  const published = (taskId: string) =>
    run.feed.dunningEvents.filter(
      (e): e is Extract<DunningEvent, { type: 'dunning.task.outcome-recorded' }> =>
        e.type === 'dunning.task.outcome-recorded' && e.data.taskId === taskId,
    );

  it('publishes dunning.task.outcome-recorded exactly once, with the reason and who recorded it', async () => {
    const soon = new Date(Date.now() + 200);
    await run.feed.publish([issued('c-out-1', 'i-out-1', soon), issued('c-out-2', 'i-out-2', soon)]);
    const first = await claimedTaskFor('i-out-1');
    const second = await claimedTaskFor('i-out-2');

    const recorded = await call('POST', `/v1/tasks/${first}/outcome`, {
      outcome: 'no-answer',
      overdueReason: 'malicious',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    // A second outcome is refused and publishes nothing.
    const again = await call('POST', `/v1/tasks/${first}/outcome`, {
      outcome: 'paid',
      overdueReason: 'other',
    });
    expect(again.statusCode).toBe(409);
    // Marker: the second task's event, recorded after both, has arrived; so would a duplicate of the first.
    expect((await call('POST', `/v1/tasks/${second}/outcome`, { outcome: 'wrong-contact' })).statusCode).toBe(
      200,
    );
    await waitFor(async () => published(second).length > 0, { what: 'the second outcome published' });

    const events = published(first);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(`task-outcome.${first}`);
    expect(events[0]!.data).toEqual({
      taskId: first,
      customerId: 'c-out-1',
      invoiceIds: ['i-out-1'],
      collectorId: 'col-o',
      outcome: 'no-answer',
      overdueReason: 'malicious',
      actor: expect.stringMatching(/^[^:]+:li\.na$/),
      recordedAt: expect.any(String),
    });
    expect(published(second)).toHaveLength(1);
    expect(published(second)[0]!.data.overdueReason).toBeNull();

    const stored = await run.pool.query(
      'SELECT task_id, overdue_reason FROM collector_tasks WHERE task_id = ANY($1) ORDER BY task_id',
      [[first, second]],
    );
    expect(new Map(stored.rows.map((r) => [r.task_id, r.overdue_reason]))).toEqual(
      new Map([
        [first, 'malicious'],
        [second, null],
      ]),
    );
  });

  it('refuses a reason outside the contract, naming the field', async () => {
    await run.feed.publish([issued('c-out-3', 'i-out-3', new Date(Date.now() + 200))]);
    const taskId = await claimedTaskFor('i-out-3');
    const refused = await call('POST', `/v1/tasks/${taskId}/outcome`, {
      outcome: 'no-answer',
      overdueReason: 'lazy',
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().errors)).toContain('overdueReason');
  });
});
