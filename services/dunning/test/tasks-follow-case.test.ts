import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { disputeOpened, issued, settled } from './support/ledger-feed.ts';

interface Task {
  taskId: string;
  step: string;
  invoiceIds: string[];
  status: string;
  closeReason: string | null;
  closedAt: string | null;
}

describe('collector tasks end with their case', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    // Tasks stay with their collector (a claim SLA of 100 s): only the case decides here.
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000' });
    service = await run.start();
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-t',
      payload: { name: 'Wang Fang', languages: ['zh-CN'], capacity: 100 },
    });
  });
  afterAll(async () => {
    await run?.close();
  });

  const get = async (url: string) => {
    const response = await service.app.inject({ headers: adminAuth, method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const queue = async (includeDone = false): Promise<Task[]> =>
    (await get(`/v1/collectors/col-t/tasks?includeDone=${includeDone}`)).tasks;
  const tasksFor = async (invoiceId: string, includeDone = false) =>
    (await queue(includeDone)).filter((t) => t.invoiceIds.includes(invoiceId));
  const timeline = async (invoiceId: string): Promise<{ kind: string; detail: Record<string, unknown> }[]> =>
    (await get(`/v1/invoices/${invoiceId}/dunning`)).timeline;
  const firstTask = (invoiceId: string) =>
    waitFor(async () => (await tasksFor(invoiceId))[0], { what: `a task for ${invoiceId}` });
  const closedTask = (taskId: string) =>
    waitFor(async () => (await queue(true)).find((t) => t.taskId === taskId && t.status === 'closed'), {
      what: `task ${taskId} closed`,
    });

  it('closes a task once every invoice it covers is settled; the feed drops it, the timeline says why', async () => {
    const soon = new Date(Date.now() + 200);
    await run.feed.publish([issued('c-paid', 'i-paid-1', soon), issued('c-paid', 'i-paid-2', soon)]);
    const task = await firstTask('i-paid-1');
    expect([...task.invoiceIds].sort()).toEqual(['i-paid-1', 'i-paid-2']);

    const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${address}/v1/collectors/col-t/tasks/stream`, { headers: adminAuth });
    const reader = stream.body!.getReader();
    try {
      const frame = async () => new TextDecoder().decode((await reader.read()).value);
      expect(await frame()).toContain(task.taskId);

      // One of two invoices paid: the call is still worth making.
      await run.feed.publish([settled('c-paid', 'i-paid-1')]);
      await waitFor(async () => (await get('/v1/invoices/i-paid-1/dunning')).status === 'closed');
      expect((await tasksFor('i-paid-2'))[0]).toMatchObject({ taskId: task.taskId, status: 'open' });

      await run.feed.publish([settled('c-paid', 'i-paid-2')]);
      const closed = await closedTask(task.taskId);
      expect(closed).toMatchObject({
        status: 'closed',
        closeReason: 'settled',
        closedAt: expect.any(String),
      });
      expect(await tasksFor('i-paid-2')).toEqual([]);
      // The collector's feed is told: a frame comes without the task.
      await waitFor(async () => !(await frame()).includes(task.taskId), { what: 'a frame without the task' });
    } finally {
      await reader.cancel();
    }
    for (const invoiceId of ['i-paid-1', 'i-paid-2']) {
      expect((await timeline(invoiceId)).filter((t) => t.kind === 'task-closed')).toEqual([
        {
          at: expect.any(String),
          stepId: null,
          kind: 'task-closed',
          detail: { taskId: task.taskId, reason: 'settled', collectorId: 'col-t' },
        },
      ]);
    }
    const claim = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/claim`,
      payload: { collectorId: 'col-t' },
    });
    expect([claim.statusCode, claim.json().detail]).toEqual([409, 'the task is closed: settled']);
  });

  it('closes a claimed task when its invoice is cancelled', async () => {
    await run.feed.publish([issued('c-cancel', 'i-cancel', new Date(Date.now() + 200))]);
    const task = await firstTask('i-cancel');
    await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/claim`,
      payload: { collectorId: 'col-t' },
    });
    await run.feed.publish([
      createEvent({
        type: 'ledger.invoice.cancelled',
        source: '/services/invoices',
        data: { invoiceId: 'i-cancel', customerId: 'c-cancel', cancelledAt: new Date().toISOString() },
      }),
    ]);
    expect(await closedTask(task.taskId)).toMatchObject({ closeReason: 'settled' });
    const outcome = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/outcome`,
      payload: { outcome: 'no-answer' },
    });
    expect(outcome.statusCode).toBe(409);
  });

  it('closes the task when one of its invoices is disputed', async () => {
    const soon = new Date(Date.now() + 200);
    await run.feed.publish([issued('c-disp', 'i-disp-1', soon), issued('c-disp', 'i-disp-2', soon)]);
    const task = await firstTask('i-disp-1');
    await run.feed.publish([disputeOpened('c-disp', 'i-disp-2', 'd-1')]);
    expect(await closedTask(task.taskId)).toMatchObject({ closeReason: 'disputed' });
    expect((await timeline('i-disp-1')).find((t) => t.kind === 'task-closed')?.detail).toMatchObject({
      taskId: task.taskId,
      reason: 'disputed',
    });
  });

  it('closes an older task when a promise covering its invoices is recorded on the newer one', async () => {
    await run.feed.publish([issued('c-prom', 'i-prom', new Date(Date.now() + 200))]);
    // The reminder's call task (day 7) is still open when the overdue notice's (day 30) comes.
    const [newer, older] = await waitFor(
      async () => {
        const tasks = await tasksFor('i-prom');
        return (
          tasks.length === 2 && [
            tasks.find((t) => t.step === 'overdue-notice')!,
            tasks.find((t) => t.step === 'reminder')!,
          ]
        );
      },
      { what: 'two call tasks for i-prom' },
    );
    await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${newer!.taskId}/claim`,
      payload: { collectorId: 'col-t' },
    });
    const outcome = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${newer!.taskId}/outcome`,
      payload: { outcome: 'promise-to-pay', promise: { date: '2099-01-01', amount: '1000.00' } },
    });
    expect(outcome.statusCode, outcome.body).toBe(200);
    const all = await tasksFor('i-prom', true);
    expect(all.find((t) => t.taskId === older!.taskId)).toMatchObject({
      status: 'closed',
      closeReason: 'promised',
    });
    expect(all.find((t) => t.taskId === newer!.taskId)).toMatchObject({ status: 'done', closeReason: null });
    expect((await timeline('i-prom')).filter((t) => t.kind === 'task-closed').map((t) => t.detail)).toEqual([
      { taskId: older!.taskId, reason: 'promised', collectorId: 'col-t' },
    ]);
  });

  it('documents the closed status and its reasons in the OpenAPI document', async () => {
    const document = JSON.stringify(await get('/docs/json'));
    expect(document).toContain('"closed"');
    expect(document).toContain('closeReason');
  });
});
