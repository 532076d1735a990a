import { randomUUID } from 'node:crypto';
import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';

interface Task {
  taskId: string;
  customerId: string;
  kind: string;
  step: string;
  invoiceIds: string[];
  amount: string;
  collectorId: string | null;
  status: string;
  closeReason: string | null;
}

const source = '/services/credit-risk';
const raisedAt = new Date().toISOString();
const raised = (alertId: string) =>
  createEvent({
    type: 'risk.alert.raised',
    source,
    id: randomUUID(),
    data: { alertId, customerId: 'c-alert', kind: 'litigation', note: 'sued by a supplier', raisedAt },
  });
const resolved = (alertId: string) =>
  createEvent({
    type: 'risk.alert.resolved',
    source,
    id: randomUUID(),
    data: {
      alertId,
      customerId: 'c-alert',
      kind: 'litigation',
      note: 'sued by a supplier',
      raisedAt,
      resolutionNote: null,
      resolvedAt: new Date().toISOString(),
    },
  });

describe('alert-review tasks from credit-risk alerts (risk events consumer)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000' });
    service = await run.start();
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-alert',
      payload: { name: 'Wang Fang', languages: ['zh-CN'], capacity: 100 },
    });
  });
  afterAll(async () => {
    await run?.close();
  });

  const queue = async (): Promise<Task[]> => {
    const response = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/collectors/col-alert/tasks?includeDone=true',
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().tasks;
  };

  it("opens one review task for the customer's collector, kept once, and closes it when the alert is resolved", async () => {
    await run.feed.publish([
      createEvent({
        type: 'ledger.customer.upserted',
        source: '/services/invoices',
        data: {
          customerId: 'c-alert',
          name: 'Acme',
          locale: 'en',
          timezone: 'UTC',
          industry: 'wholesale',
          address: { line1: '1 Main St', city: 'Shanghai', country: 'CN' },
          paymentTermsDays: 30,
          collectorId: 'col-alert',
        },
      }),
    ]);
    await waitFor(
      async () =>
        (await run.pool.query("SELECT 1 FROM dunning_customers WHERE collector_id = 'col-alert'")).rowCount,
      { what: 'the customer and its collector' },
    );
    // Redelivered under another event id: still one task.
    await run.feed.publish([raised('AL-9'), raised('AL-9')]);
    const [task] = await waitFor(
      async () => {
        const tasks = await queue();
        return tasks.length > 0 && tasks;
      },
      { what: 'the review task' },
    );
    expect(task).toMatchObject({
      taskId: 'alert-review.AL-9',
      customerId: 'c-alert',
      kind: 'alert-review',
      step: 'alert-review: litigation',
      invoiceIds: [],
      amount: '0.00',
      collectorId: 'col-alert',
      status: 'open',
    });

    await run.feed.publish([resolved('AL-9'), raised('AL-10')]);
    const after = await waitFor(
      async () => {
        const tasks = await queue();
        return tasks.length === 2 && tasks.some((t) => t.status === 'closed') && tasks;
      },
      { what: 'AL-9 closed and AL-10 open' },
    );
    expect(after.map((t) => [t.taskId, t.status, t.closeReason]).sort()).toEqual([
      ['alert-review.AL-10', 'open', null],
      ['alert-review.AL-9', 'closed', 'alert-resolved'],
    ]);
    // Raised again after its resolution (a redelivery): the closed task is not reopened nor doubled.
    await run.feed.publish([raised('AL-9'), resolved('AL-10')]);
    await waitFor(async () => (await queue()).every((t) => t.status === 'closed'), { what: 'AL-10 closed' });
    expect(await queue()).toHaveLength(2);
  });
});
