import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Apps, type PlatformClient, platformClient, startAll } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

const DAY_MS = 100;

interface LegalTask {
  taskId: string;
  kind: string;
  invoiceIds: string[];
  status: string;
  closeReason: string | null;
  queue: string;
  posting: { kind: string; id: string; amount: string } | null;
}

describe('a customer policy and a legal hand-over through all four services', () => {
  let platform: PlatformUnderTest;
  let client: PlatformClient;
  let apps: Apps;

  beforeAll(async () => {
    platform = platformUnderTest({ dayMs: DAY_MS });
    apps = await startAll(platform);
    client = platformClient(apps);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  const dunning = async (method: string, url: string, payload?: unknown) => {
    const response = await apps.dunning.inject({
      headers: adminAuth,
      method: method as 'GET',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('plans under the assigned policy, sends nothing while in legal, turns a payment into a legal task, resumes once taken back', {
    timeout: 120_000,
  }, async () => {
    // Assigned before the customer exists anywhere: the ledger's first invoice is planned under it.
    await dunning('PUT', '/v1/customers/cust-legal/dunning-policy', { policyId: 'high-risk' });
    await client.upsertCustomer('cust-legal', { ...customerBody('Legal Matters Ltd'), timezone: 'UTC' });
    const today = new Date().toISOString().slice(0, 10);
    await client.issueInvoice({
      invoiceId: 'inv-legal',
      customerId: 'cust-legal',
      number: 'N-legal',
      currency: 'CNY',
      amount: '5000.00',
      issueDate: today,
      dueDate: today,
    });
    const opened = await waitFor(() => client.dunningOf('inv-legal'), { what: 'the dunning case' });
    expect(opened.policy?.policyId).toBe('high-risk');
    await waitFor(
      async () =>
        (await client.dunningOf('inv-legal'))!.steps.find((s) => s.name === 'reminder')?.status === 'done',
      { what: 'the high-risk reminder (day 1)', timeoutMs: 30_000 },
    );
    await waitFor(async () => (await client.notificationsOf('inv-legal')).length > 0, {
      what: "the reminder's notifications",
    });

    const handed = await dunning('POST', '/v1/invoices/inv-legal/legal', { reason: 'handed to counsel' });
    expect(handed.changed).toBe(true);
    const before = (await client.notificationsOf('inv-legal')).length;

    // A payment booked by the ledger reaches dunning as a posting: one legal task.
    await client.pay({
      paymentId: 'pay-legal-1',
      invoiceId: 'inv-legal',
      amount: '1000.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    const task = await waitFor(
      async () =>
        ((await dunning('GET', '/v1/legal/tasks?customerId=cust-legal')).items as LegalTask[]).find(
          (t) => t.posting?.kind === 'payment',
        ),
      { what: 'the legal task of the payment', timeoutMs: 30_000 },
    );
    expect(task).toMatchObject({
      taskId: 'legal.payment.pay-legal-1',
      kind: 'legal-review',
      queue: 'legal',
      status: 'open',
      invoiceIds: ['inv-legal'],
      posting: { id: 'pay-legal-1', amount: '1000.00' },
    });

    // The overdue notice falls due while in legal: held, nothing goes out. Checked once a marker (a
    // fresh customer's invoice whose every step, whatever its class's ladder, falls due after the held
    // step's time) had a step run: by then the engine has handled every step due before.
    const heldStep = (await client.dunningOf('inv-legal'))!.steps.find((s) => s.name === 'overdue-notice')!;
    const heldAt = Date.parse(heldStep.dueAt);
    await client.upsertCustomer('cust-legal-marker', { ...customerBody('Marker Ltd'), timezone: 'UTC' });
    // Never before today: on a busy machine the held step may already be past.
    const dueInDays = Math.max(0, Math.ceil((heldAt - Date.now()) / DAY_MS) + 4);
    await client.issueInvoice({
      invoiceId: 'inv-legal-marker',
      customerId: 'cust-legal-marker',
      number: 'N-legal-marker',
      currency: 'CNY',
      amount: '100.00',
      issueDate: today,
      dueDate: new Date(Date.now() + dueInDays * 86_400_000).toISOString().slice(0, 10),
    });
    const markerRan = await waitFor(
      async () => (await client.dunningOf('inv-legal-marker'))?.steps.find((s) => s.status === 'done'),
      { what: 'a step of the marker', timeoutMs: dueInDays * DAY_MS + 60_000, intervalMs: 250 },
    );
    expect(Date.parse(markerRan.dueAt)).toBeGreaterThan(heldAt);
    const held = (await client.dunningOf('inv-legal'))! as unknown as {
      status: string;
      steps: { name: string; status: string; reason: string | null }[];
    };
    expect(held.status).toBe('legal');
    expect(held.steps.find((s) => s.name === 'overdue-notice')).toMatchObject({
      status: 'scheduled',
      reason: 'held: legal',
    });
    expect((await client.notificationsOf('inv-legal')).length).toBe(before);

    const withdrawn = await dunning('DELETE', '/v1/invoices/inv-legal/legal', {
      reason: 'settlement agreed',
    });
    expect(withdrawn).toMatchObject({ changed: true, legal: null });
    await waitFor(
      async () => (await client.notificationsOf('inv-legal')).some((n) => n.step === 'overdue-notice'),
      { what: 'the overdue notice after the withdrawal', timeoutMs: 30_000 },
    );
    const tasks = (await dunning('GET', '/v1/legal/tasks?customerId=cust-legal&includeDone=true'))
      .items as LegalTask[];
    expect(tasks.every((t) => t.status === 'closed' && t.closeReason === 'legal-withdrawn')).toBe(true);
    const steps = (await client.dunningOf('inv-legal'))!.steps;
    // One level at a time: the next notice comes an interval after the overdue notice, not with it.
    const overdue = steps.find((s) => s.name === 'overdue-notice')!;
    const next = steps.find((s) => s.name === 'second-notice')!;
    expect(overdue.status).toBe('done');
    expect(Date.parse(next.dueAt) - Date.parse(overdue.executedAt!)).toBeGreaterThanOrEqual(7 * DAY_MS - 1);
  });
});
