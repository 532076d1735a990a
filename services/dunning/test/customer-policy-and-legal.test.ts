import { createEvent } from '@dunning/contracts';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import {
  DAY_MS,
  type DunningUnderTest,
  dunningUnderTest,
  ladderFinished,
  noticeCounts,
  stepsOf,
} from './support/dunning-under-test.ts';
import { disputeOpened, issued, riskChanged } from './support/ledger-feed.ts';

function paymentReceived(customerId: string, paymentId: string, invoiceId: string, amount = '100.00') {
  return createEvent({
    type: 'ledger.payment.received',
    source: '/services/invoices',
    data: {
      paymentId,
      customerId,
      currency: 'CNY',
      amount,
      receivedAt: new Date().toISOString(),
      applications: [{ invoiceId, amount, daysLate: 10 }],
      unapplied: '0.00',
    },
  });
}

interface Task {
  taskId: string;
  kind: string;
  invoiceIds: string[];
  status: string;
  closeReason: string | null;
  queue: string;
  posting: Record<string, unknown> | null;
}

describe('per-customer policies and the legal hand-over on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest({ TASK_CLAIM_SLA_DAYS: '1000' });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await service.app.inject({
      headers: adminAuth,
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json(), raw: response.body };
  };
  const ok = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await call(method, url, payload);
    expect(response.status, response.raw).toBe(200);
    return response.body;
  };
  const legalTasks = async (customerId: string, includeDone = false): Promise<Task[]> =>
    (await ok('GET', `/v1/legal/tasks?customerId=${customerId}&includeDone=${includeDone}`)).items;
  const eventsOf = (type: string, key: string, value: string) =>
    run.feed.dunningEvents.filter(
      (e) => e.type === type && (e.data as unknown as Record<string, unknown>)[key] === value,
    );

  it.concurrent('a policy assigned mid-ladder continues from the level reached; a class change does not override it', async () => {
    const overdueAt = new Date(Date.now() + 500);
    await run.feed.publish([issued('c-pol', 'i-pol', overdueAt)]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-pol'))[0]?.status === 'done', {
      what: 'the standard reminder',
    });
    const reminder = (await stepsOf(run.pool, 'i-pol'))[0]!;
    expect(reminder).toMatchObject({ name: 'reminder', level: 1, policy_id: 'standard' });

    const assigned = await ok('PUT', '/v1/customers/c-pol/dunning-policy', { policyId: 'high-risk' });
    expect(assigned).toMatchObject({
      customerId: 'c-pol',
      policyId: 'high-risk',
      source: 'assigned',
      riskClass: 'B',
    });
    // A later class change (A would select premium) does not override the assignment.
    await run.feed.publish([riskChanged('c-pol', 'A', 'B')]);
    await waitFor(async () => (await ok('GET', '/v1/customers/c-pol/dunning-policy')).riskClass === 'A');
    expect(await ok('GET', '/v1/customers/c-pol/dunning-policy')).toMatchObject({
      policyId: 'high-risk',
      source: 'assigned',
    });

    const steps = await ladderFinished(run.pool, 'i-pol');
    expect(steps.some((s) => s.policy_id === 'premium')).toBe(false);
    for (const step of steps.filter((s) => s.policy_id === 'standard' && s.name !== 'reminder'))
      expect(step.status).toBe('cancelled');
    // Above the level reached (1): no second reminder, no jump past level 2 although days 7 and 15 are past.
    const highRisk = steps.filter((s) => s.policy_id === 'high-risk');
    expect(highRisk.map((s) => `${s.name}/${s.level}/${s.status}`)).toEqual([
      'overdue-notice/2/done',
      'second-notice/2/done',
      'final-notice/3/done',
      'legal-letter/4/done',
    ]);
    const sent = [reminder, ...highRisk].map((s) => s.executed_at!.getTime());
    for (const [i, at] of sent.slice(1).entries()) expect(at - sent[i]!).toBeGreaterThanOrEqual(7 * DAY_MS);
    const view = await ok('GET', '/v1/invoices/i-pol/dunning');
    expect(view.policy.policyId).toBe('high-risk');
    const kinds = view.timeline.map((t: { kind: string }) => t.kind);
    expect(kinds).toContain('policy-assigned');
    expect(kinds.indexOf('policy-assigned')).toBeLessThan(kinds.indexOf('re-planned'));
    expect(view.timeline.find((t: { kind: string }) => t.kind === 'policy-assigned').detail).toEqual({
      policyId: 'high-risk',
      previousPolicyId: 'standard',
    });
    await waitFor(() => eventsOf('dunning.customer-policy.assigned', 'customerId', 'c-pol').length === 1);
    expect(eventsOf('dunning.customer-policy.assigned', 'customerId', 'c-pol')[0]!.data).toMatchObject({
      policyId: 'high-risk',
      previousPolicyId: 'standard',
    });
    const counts = noticeCounts(run.feed, ['i-pol']);
    expect(counts.has('i-pol/reminder/email')).toBe(true);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it.concurrent('an assignment made before the customer is known plans the first case; unassigning returns to the class', async () => {
    expect(await ok('GET', '/v1/customers/c-early/dunning-policy')).toEqual({
      customerId: 'c-early',
      policyId: 'standard',
      source: 'class',
      riskClass: 'B',
      assignedAt: null,
    });
    expect(await ok('PUT', '/v1/customers/c-early/dunning-policy', { policyId: 'premium' })).toMatchObject({
      policyId: 'premium',
      source: 'assigned',
    });
    const overdueAt = new Date(Date.now() + 500);
    await run.feed.publish([issued('c-early', 'i-early', overdueAt)]);
    const reminder = await waitFor(
      async () =>
        (await stepsOf(run.pool, 'i-early')).find((s) => s.name === 'reminder' && s.status === 'done'),
      { what: 'the premium reminder' },
    );
    expect(reminder.policy_id).toBe('premium');
    const opened = (await ok('GET', '/v1/invoices/i-early/dunning')).timeline[0];
    expect(opened.detail).toMatchObject({ policyId: 'premium', policySource: 'assigned' });

    expect(await ok('DELETE', '/v1/customers/c-early/dunning-policy')).toMatchObject({
      policyId: 'standard',
      source: 'class',
    });
    const overdueNotice = await waitFor(
      async () =>
        (await stepsOf(run.pool, 'i-early')).find(
          (s) => s.policy_id === 'standard' && s.name === 'overdue-notice' && s.status === 'done',
        ),
      { what: 'the standard overdue notice' },
    );
    // Back on standard above the level reached: never its reminder, the next level an interval later.
    const standard = (await stepsOf(run.pool, 'i-early')).filter((s) => s.policy_id === 'standard');
    expect(standard.map((s) => s.level)).toEqual([2, 3, 4]);
    expect(overdueNotice.executed_at!.getTime() - reminder.executed_at!.getTime()).toBeGreaterThanOrEqual(
      7 * DAY_MS,
    );
    await waitFor(() => eventsOf('dunning.customer-policy.unassigned', 'customerId', 'c-early').length === 1);
    expect(eventsOf('dunning.customer-policy.unassigned', 'customerId', 'c-early')[0]!.data).toMatchObject({
      policyId: 'standard',
      previousPolicyId: 'premium',
    });
  });

  it.concurrent('a case in legal gets no notice, postings on its customer raise legal tasks once, withdrawing resumes', async () => {
    const overdueAt = new Date(Date.now() + 500);
    await run.feed.publish([
      issued('c-legal', 'i-legal', overdueAt),
      issued('c-legal-marker', 'i-legal-marker', new Date(overdueAt.getTime() + DAY_MS)),
    ]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-legal'))[0]?.status === 'done', {
      what: 'the reminder',
    });
    const callTask = await waitFor(
      async () =>
        (
          await run.pool.query<{ task_id: string }>(
            "SELECT task_id FROM collector_tasks WHERE 'i-legal' = ANY(invoice_ids)",
          )
        ).rows[0],
      { what: "the reminder's call task" },
    );

    const handed = await ok('POST', '/v1/invoices/i-legal/legal', { reason: 'no answer to three calls' });
    expect(handed).toMatchObject({
      invoiceId: 'i-legal',
      customerId: 'c-legal',
      changed: true,
      legal: { reason: 'no answer to three calls' },
    });
    const handedAt = Date.now();
    // The collector's task moved to the legal queue.
    expect((await legalTasks('c-legal')).map((t) => [t.taskId, t.queue, t.status])).toEqual([
      [callTask.task_id, 'legal', 'open'],
    ]);
    let view = await ok('GET', '/v1/invoices/i-legal/dunning');
    expect(view.status).toBe('legal');
    expect(
      view.steps
        .filter((s: { status: string }) => s.status === 'scheduled')
        .map((s: { reason: string }) => s.reason),
    ).toEqual(['held: legal', 'held: legal', 'held: legal']);
    expect(view.timeline.at(-1)).toMatchObject({
      kind: 'legal-handed-over',
      detail: { reason: 'no answer to three calls', by: 'admin', movedTasks: [callTask.task_id] },
    });

    // A payment (delivered twice, under two event ids), a new invoice and a dispute on it: one legal task each.
    await run.feed.publish([paymentReceived('c-legal', 'p-legal-1', 'i-legal')]);
    await run.feed.publish([
      paymentReceived('c-legal', 'p-legal-1', 'i-legal'),
      issued('c-legal', 'i-legal-2', new Date(Date.now() + 100 * DAY_MS), '300.00'),
    ]);
    await run.feed.publish([disputeOpened('c-legal', 'i-legal-2', 'd-legal-1')]);
    const raised = await waitFor(
      async () => {
        const tasks = await legalTasks('c-legal');
        return tasks.length === 4 && tasks;
      },
      { what: 'three legal tasks raised by postings' },
    );
    const postings = raised.filter((t) => t.posting !== null);
    expect(postings.map((t) => [t.taskId, t.kind, t.posting!.kind, t.posting!.id])).toEqual([
      ['legal.payment.p-legal-1', 'legal-review', 'payment', 'p-legal-1'],
      ['legal.invoice-issued.i-legal-2', 'legal-review', 'invoice-issued', 'i-legal-2'],
      ['legal.dispute-opened.d-legal-1', 'legal-review', 'dispute-opened', 'd-legal-1'],
    ]);
    for (const t of postings) expect(t.invoiceIds).toContain('i-legal');
    // The queue is paged on the server, with the total; a collector's filter keeps their customers only.
    const page = async (query: string) => ok('GET', `/v1/legal/tasks?customerId=c-legal&${query}`);
    const first = await page('limit=3&offset=0');
    const second = await page('limit=3&offset=3');
    expect([first.total, first.items.length, second.total, second.items.length]).toEqual([4, 3, 4, 1]);
    expect([...first.items, ...second.items].map((t: Task) => t.taskId)).toEqual(raised.map((t) => t.taskId));
    expect((await page('collectorId=col-nobody')).total).toBe(0);
    await ok('PUT', '/v1/collectors/col-legal', {
      name: 'Legal liaison',
      languages: ['en'],
      capacity: 1,
      portfolio: ['c-legal'],
    });
    expect((await page('collectorId=col-legal')).total).toBe(4);
    expect((await call('GET', '/v1/legal/tasks?limit=0')).status).toBe(400);
    // The dispute came after the redelivered payment on the customer's partition: it was applied, adding nothing.

    // The marker, a day behind, got its overdue notice (day 30): i-legal's fell due meanwhile and was held.
    await waitFor(
      () => noticeCounts(run.feed, ['i-legal-marker']).has('i-legal-marker/overdue-notice/email'),
      {
        what: "the marker's overdue notice",
        timeoutMs: 30_000,
      },
    );
    expect([...noticeCounts(run.feed, ['i-legal']).keys()].sort()).toEqual([
      'i-legal/reminder/email',
      'i-legal/reminder/sms',
    ]);
    expect((await stepsOf(run.pool, 'i-legal')).map((s) => s.status)).toEqual([
      'done',
      'scheduled',
      'scheduled',
      'scheduled',
    ]);

    const withdrawn = await ok('DELETE', '/v1/invoices/i-legal/legal', { reason: 'customer agreed a plan' });
    expect(withdrawn).toMatchObject({ changed: true, legal: null });
    const withdrawnAt = Date.now();
    expect(withdrawnAt - handedAt).toBeGreaterThan(0);
    // The legal tasks of the case closed.
    expect(await legalTasks('c-legal')).toEqual([]);
    const closed = await legalTasks('c-legal', true);
    expect(closed.every((t) => t.status === 'closed' && t.closeReason === 'legal-withdrawn')).toBe(true);
    view = await ok('GET', '/v1/invoices/i-legal/dunning');
    expect(view.status).toBe('active');
    expect(view.legal).toBeNull();

    // Escalation goes on one level at a time: the overdue notice now, the final notice an interval later.
    const steps = await waitFor(
      async () => {
        const s = await stepsOf(run.pool, 'i-legal');
        return s[1]?.status === 'done' && s;
      },
      { what: 'the overdue notice after the withdrawal' },
    );
    expect(steps[1]!.executed_at!.getTime()).toBeGreaterThanOrEqual(withdrawnAt - 50);
    expect(steps[2]!.status).toBe('scheduled');
    expect(steps[2]!.due_at.getTime() - steps[1]!.executed_at!.getTime()).toBeGreaterThanOrEqual(
      7 * DAY_MS - 1,
    );
    await waitFor(() => noticeCounts(run.feed, ['i-legal']).has('i-legal/overdue-notice/email'));
    await waitFor(
      () =>
        eventsOf('dunning.case.legal-handed-over', 'invoiceId', 'i-legal').length === 1 &&
        eventsOf('dunning.case.legal-withdrawn', 'invoiceId', 'i-legal').length === 1,
    );
    expect(eventsOf('dunning.case.legal-withdrawn', 'invoiceId', 'i-legal')[0]!.data).toMatchObject({
      reason: 'customer agreed a plan',
      by: 'admin',
    });
  });

  it.concurrent('records the person the console acted for as who handed over and took back', async () => {
    await run.feed.publish([issued('c-legal-who', 'i-legal-who', new Date(Date.now() + 50 * DAY_MS))]);
    await waitFor(async () => (await stepsOf(run.pool, 'i-legal-who')).length > 0);
    const asPerson = (method: 'POST' | 'DELETE', user: string) =>
      service.app.inject({
        method,
        url: '/v1/invoices/i-legal-who/legal',
        headers: { ...adminAuth, 'x-acting-user': user },
        payload: { reason: 'no answer' },
      });
    expect((await asPerson('POST', 'li.na')).statusCode).toBe(200);
    expect((await asPerson('DELETE', 'wang.wei')).statusCode).toBe(200);
    const timeline = (await ok('GET', '/v1/invoices/i-legal-who/dunning')).timeline.filter(
      (t: { kind: string }) => t.kind === 'legal-handed-over' || t.kind === 'legal-withdrawn',
    );
    expect(timeline.map((t: { kind: string; detail: { by: string } }) => [t.kind, t.detail.by])).toEqual([
      ['legal-handed-over', 'admin:li.na'],
      ['legal-withdrawn', 'admin:wang.wei'],
    ]);
  });

  it.concurrent('a policy step with legal-hand-over sends its notice, then hands the case to legal', async () => {
    const policy = await call('PUT', '/v1/policies/to-legal', {
      steps: [
        { level: 1, offsetDays: 1, name: 'reminder', actions: ['email'], templateKey: 'reminder' },
        {
          level: 2,
          offsetDays: 8,
          name: 'lawyer-letter',
          actions: ['letter', 'call-task', 'legal-hand-over'],
          templateKey: 'lawyer-letter',
        },
        { level: 3, offsetDays: 16, name: 'final-notice', actions: ['email'], templateKey: 'final-notice' },
      ],
    });
    expect(policy.status, policy.raw).toBe(201);
    await ok('PUT', '/v1/customers/c-auto/dunning-policy', { policyId: 'to-legal' });
    const overdueAt = new Date(Date.now() + 300);
    // The marker: another customer's reminder (day 7) falls due after i-auto's final notice (day 16).
    await run.feed.publish([
      issued('c-auto', 'i-auto', overdueAt),
      issued('c-auto-marker', 'i-auto-marker', new Date(overdueAt.getTime() + 12 * DAY_MS)),
    ]);
    const view = await waitFor(
      async () => {
        const v = await ok('GET', '/v1/invoices/i-auto/dunning');
        return v.status === 'legal' && v;
      },
      { what: 'the hand-over' },
    );
    expect(view.legal.reason).toMatch(/^policy to-legal v1, step lawyer-letter$/);
    const kinds = view.timeline.map((t: { kind: string }) => t.kind);
    expect(kinds.lastIndexOf('run')).toBeLessThan(kinds.indexOf('legal-handed-over'));
    const tasks = await legalTasks('c-auto');
    expect(tasks.map((t) => [t.kind, t.queue, t.posting])).toEqual([['call', 'legal', null]]);
    await waitFor(() => noticeCounts(run.feed, ['i-auto']).has('i-auto/lawyer-letter/letter'));
    await waitFor(() => eventsOf('dunning.case.legal-handed-over', 'invoiceId', 'i-auto').length === 1);
    expect(eventsOf('dunning.case.legal-handed-over', 'invoiceId', 'i-auto')[0]!.data).toMatchObject({
      step: 'lawyer-letter',
      by: 'policy',
    });
    // The final notice (day 16) falls due while in legal: held, never sent.
    await waitFor(() => noticeCounts(run.feed, ['i-auto-marker']).has('i-auto-marker/reminder/email'), {
      what: "the marker's reminder",
    });
    expect((await stepsOf(run.pool, 'i-auto')).map((s) => `${s.name}/${s.status}`)).toEqual([
      'reminder/done',
      'lawyer-letter/done',
      'final-notice/scheduled',
    ]);
    expect(noticeCounts(run.feed, ['i-auto']).has('i-auto/final-notice/email')).toBe(false);
  });

  it('answers 404, 400 with the field, and repeats idempotently', async () => {
    const unknownInvoice = await call('POST', '/v1/invoices/i-nowhere/legal', { reason: 'x' });
    expect(unknownInvoice.status).toBe(404);
    expect(unknownInvoice.body.detail).toMatch(/i-nowhere/);
    expect((await call('DELETE', '/v1/invoices/i-nowhere/legal', { reason: 'x' })).status).toBe(404);

    const noReason = await call('POST', '/v1/invoices/i-nowhere/legal', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.reason']);

    const unknownPolicy = await call('PUT', '/v1/customers/c-http/dunning-policy', { policyId: 'nope' });
    expect(unknownPolicy.status).toBe(400);
    expect(unknownPolicy.body.errors).toEqual([{ path: 'body.policyId', message: 'no policy nope' }]);
    const badPolicyId = await call('PUT', '/v1/customers/c-http/dunning-policy', { policyId: 'a b' });
    expect(badPolicyId.status).toBe(400);
    expect(badPolicyId.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.policyId']);
    expect((await ok('GET', '/v1/customers/c-http/dunning-policy')).source).toBe('class');

    const first = await ok('PUT', '/v1/customers/c-http/dunning-policy', { policyId: 'high-risk' });
    const again = await ok('PUT', '/v1/customers/c-http/dunning-policy', { policyId: 'high-risk' });
    expect(again).toEqual(first);
    await ok('DELETE', '/v1/customers/c-http/dunning-policy');
    expect(await ok('DELETE', '/v1/customers/c-http/dunning-policy')).toMatchObject({ source: 'class' });

    await run.feed.publish([issued('c-http', 'i-http', new Date(Date.now() + 1000 * DAY_MS))]);
    await waitFor(async () => (await call('GET', '/v1/invoices/i-http/dunning')).status === 200);
    expect((await ok('POST', '/v1/invoices/i-http/legal', { reason: 'fraud' })).changed).toBe(true);
    const repeat = await ok('POST', '/v1/invoices/i-http/legal', { reason: 'fraud again' });
    expect(repeat).toMatchObject({ changed: false, legal: { reason: 'fraud' } });
    expect((await ok('DELETE', '/v1/invoices/i-http/legal', { reason: 'cleared' })).changed).toBe(true);
    expect((await ok('DELETE', '/v1/invoices/i-http/legal', { reason: 'cleared' })).changed).toBe(false);
    const timeline = (await ok('GET', '/v1/invoices/i-http/dunning')).timeline.map(
      (t: { kind: string }) => t.kind,
    );
    expect(timeline.filter((k: string) => k.startsWith('legal-'))).toEqual([
      'legal-handed-over',
      'legal-withdrawn',
    ]);
    await waitFor(
      () =>
        eventsOf('dunning.customer-policy.assigned', 'customerId', 'c-http').length === 1 &&
        eventsOf('dunning.customer-policy.unassigned', 'customerId', 'c-http').length === 1,
    );

    const docs = await ok('GET', '/docs/json');
    const scope = (path: string, method: string) => docs.paths[path]?.[method]?.security?.[0]?.apiKey;
    expect(scope('/v1/customers/{customerId}/dunning-policy', 'put')).toEqual(['admin']);
    expect(scope('/v1/customers/{customerId}/dunning-policy', 'delete')).toEqual(['admin']);
    expect(scope('/v1/customers/{customerId}/dunning-policy', 'get')).toEqual(['ops:read']);
    expect(scope('/v1/invoices/{invoiceId}/legal', 'post')).toEqual(['collector']);
    expect(scope('/v1/invoices/{invoiceId}/legal', 'delete')).toEqual(['collector']);
    expect(scope('/v1/legal/tasks', 'get')).toEqual(['collector']);
    expect(JSON.stringify(docs.paths['/v1/invoices/{invoiceId}/dunning'])).toContain('legal');
  });
});
