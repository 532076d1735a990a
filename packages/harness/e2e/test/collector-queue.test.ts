import { waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Apps, type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// A simulated day of 100 ms, a claim SLA of a thousandth of one and a sweep every 5 ms: every sweep
// re-queues each open task, a thousand re-queues in seconds rather than years.
const DAY_MS = 100;

interface QueuedTask {
  taskId: string;
  invoiceIds: string[];
  status: string;
  priority: number;
  escalations: number;
  closeReason: string | null;
}

describe("a collector's queue through all four services", () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let apps: Apps;

  beforeAll(async () => {
    platform = platformUnderTest({
      dayMs: DAY_MS,
      env: { dunning: { TASK_CLAIM_SLA_DAYS: '0.001', SWEEP_INTERVAL_MS: '5' } },
    });
    apps = await startAll(platform);
    client = platformClient(apps);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('stays answerable after its tasks were re-queued a thousand times, notes failed SMS, drops the tasks once paid', {
    timeout: 180_000,
  }, async () => {
    await client.upsertCollector('col-queue', { name: 'Zhao Lei', languages: ['en'], capacity: 50 });
    const today = new Date().toISOString().slice(0, 10);
    await client.upsertCustomer('cust-queue', {
      ...customerBody('Queue Holdings'),
      phone: '+8613800138000',
      collectorId: 'col-queue',
    });
    // 50,000,000.00 CNY: a priority in the hundreds of millions, which a thousand doublings took past
    // the largest double (Infinity, and the queue answered 500).
    await client.issueInvoice({
      invoiceId: 'inv-queue',
      customerId: 'cust-queue',
      number: 'N-queue',
      currency: 'CNY',
      amount: '50000000.00',
      issueDate: today,
      dueDate: today,
    });
    const dunningDb = platform.pool('dunning');
    await waitFor(
      async () => {
        const result = await dunningDb.query<{ escalations: number }>(
          "SELECT max(escalations)::int AS escalations FROM collector_tasks WHERE 'inv-queue' = ANY(invoice_ids)",
        );
        return (result.rows[0]?.escalations ?? 0) >= 1_000;
      },
      { what: 'a task re-queued a thousand times', timeoutMs: 150_000, intervalMs: 500 },
    );
    const queue = async () => (await client.tasksOf('col-queue')) as unknown as QueuedTask[];
    const tasks = (await queue()).filter((t) => t.invoiceIds.includes('inv-queue'));
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.some((t) => t.escalations >= 1_000)).toBe(true);
    for (const task of tasks) {
      expect(Number.isFinite(task.priority)).toBe(true);
      expect(task.priority).toBeGreaterThan(0);
    }
    // Most urgent first, and the order does not flip while the re-queues go on.
    const priorities = tasks.map((t) => t.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const again = (await queue()).filter((t) => t.invoiceIds.includes('inv-queue'));
    expect(again.map((t) => t.taskId)).toEqual(tasks.map((t) => t.taskId));

    // No SMS gateway in this platform: each text message fails for good, and the case's timeline
    // says so once per notification, with its channel, reason and action.
    const failures = await waitFor(
      async () => {
        const entries = (await client.dunningOf('inv-queue'))?.timeline.filter(
          (t) => t.kind === 'notification-failed',
        );
        return entries && entries.length > 0 ? entries : undefined;
      },
      { what: 'the failed SMS on the timeline', timeoutMs: 30_000 },
    );
    expect(failures[0]?.detail).toMatchObject({
      channel: 'sms',
      reason: 'no SMS gateway configured (SMS_GATEWAY_URL)',
      actionId: expect.stringMatching(/\.sms$/),
    });
    const ids = failures.map((f) => f.detail.notificationId);
    expect(new Set(ids).size).toBe(ids.length);

    // Paid in full: the tasks leave the queue instead of climbing it, closed as settled.
    await client.pay({
      paymentId: 'pay-queue',
      invoiceId: 'inv-queue',
      amount: '50000000.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await queue()).every((t) => !t.invoiceIds.includes('inv-queue')), {
      what: 'the paid invoice’s tasks out of the queue',
    });
    const closed = await dunningDb.query<{ status: string; close_reason: string }>(
      "SELECT DISTINCT status, close_reason FROM collector_tasks WHERE 'inv-queue' = ANY(invoice_ids)",
    );
    expect(closed.rows).toEqual([{ status: 'closed', close_reason: 'settled' }]);
  });
});
