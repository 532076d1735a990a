import type { AddressInfo } from 'node:net';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPaid, insertPromise } from '../src/db/promises.queries.ts';
import type { DunningService } from '../src/service.ts';
import { type DunningUnderTest, dunningUnderTest } from './support/dunning-under-test.ts';
import { issued, settled } from './support/ledger-feed.ts';

describe('policies, collectors, promises and reports over HTTP', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  beforeAll(async () => {
    run = await dunningUnderTest();
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  it('serves the shipped policies and versions a PUT, strictly validated', async () => {
    const standard = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/policies/standard',
    });
    expect(standard.statusCode).toBe(200);
    expect(
      standard
        .json()
        .steps.map((s: { name: string; offsetDays: number; level: number }) => [
          s.name,
          s.offsetDays,
          s.level,
        ]),
    ).toEqual([
      ['reminder', 7, 1],
      ['overdue-notice', 30, 2],
      ['final-notice', 60, 3],
      ['legal-letter', 90, 4],
    ]);
    expect(standard.json()).toMatchObject({ minimumIntervalDays: 7, graceDays: 0, deadlineDays: 10 });
    const body = {
      steps: [
        { level: 1, offsetDays: 3, name: 'nudge', actions: ['email'], templateKey: 'dunning.reminder' },
      ],
    };
    const first = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/policies/custom',
      payload: body,
    });
    const second = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/policies/custom',
      payload: body,
    });
    expect([first.statusCode, first.json().version, second.json().version]).toEqual([201, 1, 2]);
    const bad = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/policies/custom',
      payload: { steps: [{ offsetDays: 3, name: 'nudge', actions: ['pigeon'], templateKey: 't', extra: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    // Two steps on one level closer than the minimum interval: a problem naming the failing field.
    const tooClose = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/policies/custom',
      payload: {
        minimumIntervalDays: 7,
        steps: [
          { level: 2, offsetDays: 7, name: 'a', actions: ['email'], templateKey: 't' },
          { level: 2, offsetDays: 10, name: 'b', actions: ['email'], templateKey: 't' },
        ],
      },
    });
    expect(tooClose.statusCode).toBe(400);
    expect(tooClose.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(tooClose.json())).toContain('steps.1.level');
    expect(
      (
        await service.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/policies/custom?version=1' })
      ).json().version,
    ).toBe(1);
    expect(
      (await service.app.inject({ headers: adminAuth, method: 'GET', url: '/v1/policies/nope' })).statusCode,
    ).toBe(404);
  });

  // Found by fuzzing: a version beyond PostgreSQL's int reached the query and failed there with a 500.
  it('refuses a policy version no int column can hold with a 400 naming the field', async () => {
    for (const version of ['2147483648', '9007199254740991']) {
      const response = await service.app.inject({
        headers: adminAuth,
        method: 'GET',
        url: `/v1/policies/standard?version=${version}`,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ path: 'querystring.version', message: expect.any(String) }]);
    }
    const largest = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/policies/standard?version=2147483647',
    });
    expect(largest.statusCode).toBe(404);
  });

  it('assigns the call task to the portfolio owner; a broken promise resumes dunning', async () => {
    const put = await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-1',
      payload: { name: 'Li Lei', languages: ['zh-CN', 'en'], capacity: 5, portfolio: ['c-promise'] },
    });
    expect(put.json()).toEqual({ collectorId: 'col-1', status: 'created' });
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-2',
      payload: { name: 'Han Meimei', languages: ['en'], capacity: 5 },
    });
    const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${address}/v1/collectors/col-1/tasks/stream`, { headers: adminAuth });
    const reader = stream.body!.getReader();
    const firstFrame = new TextDecoder().decode((await reader.read()).value);
    expect(firstFrame).toContain('event: tasks');

    await run.feed.publish([issued('c-promise', 'i-promise', new Date(Date.now() + 300))]);
    const task = await waitFor(async () => {
      const res = await service.app.inject({
        headers: adminAuth,
        method: 'GET',
        url: '/v1/collectors/col-1/tasks',
      });
      return res.json().tasks[0];
    });
    expect(task).toMatchObject({ kind: 'call', step: 'reminder', invoiceIds: ['i-promise'], status: 'open' });
    expect(task.priority).toBeGreaterThan(0);
    const pushed = new TextDecoder().decode((await reader.read()).value);
    expect(pushed).toContain(task.taskId);
    await reader.cancel();

    const stolen = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/outcome`,
      payload: { outcome: 'paid' },
    });
    expect(stolen.statusCode).toBe(409); // not claimed yet
    // The console claims and reports for a person (X-Acting-User): the task names them.
    const claim = await service.app.inject({
      headers: { ...adminAuth, 'x-acting-user': 'li.lei' },
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/claim`,
      payload: { collectorId: 'col-1' },
    });
    expect(claim.json()).toMatchObject({ status: 'claimed', claimedBy: 'admin:li.lei', outcomeBy: null });
    const other = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/claim`,
      payload: { collectorId: 'col-2' },
    });
    expect(other.statusCode).toBe(409);
    const invalid = await service.app.inject({
      headers: adminAuth,
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/outcome`,
      payload: { outcome: 'promise-to-pay', overdueReason: 'weather' },
    });
    expect(invalid.statusCode).toBe(400);
    const today = new Date().toISOString().slice(0, 10);
    // A promised amount is read in the task's currency: too many decimals (an exception) or 30 digits
    // (beyond the bigint column) were 500s.
    for (const [amount, detail] of [
      ['10.001', 'promise.amount: CNY allows 2 decimals, got "10.001"'],
      ['999999999999999999999999999999', 'promise.amount: is too large'],
      ['0.00', 'promise.amount: must be greater than 0'],
    ]) {
      const refused = await service.app.inject({
        headers: adminAuth,
        method: 'POST',
        url: `/v1/tasks/${task.taskId}/outcome`,
        payload: { outcome: 'promise-to-pay', promise: { date: today, amount } },
      });
      expect([refused.statusCode, refused.json().detail]).toEqual([400, detail]);
    }
    const outcome = await service.app.inject({
      headers: { ...adminAuth, 'x-acting-user': 'han.meimei' },
      method: 'POST',
      url: `/v1/tasks/${task.taskId}/outcome`,
      payload: {
        outcome: 'promise-to-pay',
        promise: { date: today, amount: '1000.00' },
        overdueReason: 'cash-flow',
      },
    });
    expect(outcome.statusCode).toBe(200);
    const { promiseId } = outcome.json();
    const paused = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/invoices/i-promise/dunning',
    });
    expect(paused.json().status).toBe('paused');
    const recorded = paused.json().timeline.find((t: { kind: string }) => t.kind === 'promise-recorded');
    expect(recorded.detail).toMatchObject({ promiseId, by: 'admin:han.meimei' });
    const done = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/collectors/col-1/tasks?includeDone=true',
    });
    expect(done.json().tasks.find((t: { taskId: string }) => t.taskId === task.taskId)).toMatchObject({
      status: 'done',
      claimedBy: 'admin:li.lei',
      outcomeBy: 'admin:han.meimei',
    });
    const stored = await run.pool.query('SELECT recorded_by FROM payment_promises WHERE promise_id = $1', [
      promiseId,
    ]);
    expect(stored.rows).toEqual([{ recorded_by: 'admin:han.meimei' }]);
    // Promised today + 2 days of grace (300 ms): unpaid, so broken, and dunning resumes.
    await waitFor(() =>
      run.feed.dunningEvents.some(
        (e) => e.type === 'dunning.promise.broken' && e.data.promiseId === promiseId,
      ),
    );
    expect(
      run.feed.dunningEvents.some(
        (e) => e.type === 'dunning.promise.recorded' && e.data.promiseId === promiseId,
      ),
    ).toBe(true);
    const resumed = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/invoices/i-promise/dunning',
    });
    expect(resumed.json().status).toBe('active');
    expect(resumed.json().timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['promise-recorded', 'paused', 'resumed', 'promise-broken']),
    );
    await run.feed.publish([settled('c-promise', 'i-promise')]);
    await waitFor(
      async () =>
        (
          await service.app.inject({
            headers: adminAuth,
            method: 'GET',
            url: '/v1/invoices/i-promise/dunning',
          })
        ).json().status === 'closed',
    );

    const report = await service.app.inject({
      headers: adminAuth,
      method: 'GET',
      url: '/v1/reports/effectiveness',
    });
    const row = report
      .json()
      .rows.find((r: { step: string; action: string }) => r.step === 'reminder' && r.action === 'email');
    expect(row).toMatchObject({ policyId: 'standard', invoicesDunned: 1 });
    expect(row.paidWithin30Days.cases).toBe(1);
    expect(row.paidWithin30Days.recovered).toEqual([{ currency: 'CNY', amount: '1000.00' }]);
  });

  it('reports recovered amounts whose sum is beyond a bigint of minor units', async () => {
    // Each amount fits a bigint of minor units, as every accepted amount does; their sum does not
    // (the report was a 500: "bigint out of range").
    const huge = '9000000000000000000';
    const soon = new Date(Date.now() + 200);
    await run.feed.publish([
      issued('c-huge-1', 'i-huge-1', soon, huge, 'KRW'),
      issued('c-huge-2', 'i-huge-2', soon, huge, 'KRW'),
    ]);
    const effectiveness = async () => {
      const response = await service.app.inject({
        headers: adminAuth,
        method: 'GET',
        url: '/v1/reports/effectiveness',
      });
      expect(response.statusCode, response.body).toBe(200);
      return response
        .json()
        .rows.find((r: { step: string; action: string }) => r.step === 'reminder' && r.action === 'email');
    };
    await waitFor(async () => (await effectiveness())?.invoicesDunned >= 3, { what: 'both reminders sent' });
    await run.feed.publish([
      settled('c-huge-1', 'i-huge-1', huge, 'KRW'),
      settled('c-huge-2', 'i-huge-2', huge, 'KRW'),
    ]);
    const recovered = await waitFor(
      async () => {
        const row = await effectiveness();
        return row.paidWithin7Days.recovered.find((r: { currency: string }) => r.currency === 'KRW');
      },
      { what: 'both settled invoices counted' },
    );
    expect(recovered).toEqual({ currency: 'KRW', amount: '18000000000000000000' });
  });

  it('runs a step whose call task is for more than a bigint of minor units in all', async () => {
    // One customer, two invoices due together: one notice and one call task for both, whose amount
    // is a sum of two amounts that each fit a bigint.
    const huge = '9000000000000000000';
    const soon = new Date(Date.now() + 200);
    await run.feed.publish([
      issued('c-huge-3', 'i-huge-3', soon, huge, 'KRW'),
      issued('c-huge-3', 'i-huge-4', soon, huge, 'KRW'),
    ]);
    const task = await waitFor(
      async () => {
        const response = await service.app.inject({
          headers: adminAuth,
          method: 'GET',
          url: '/v1/collectors/col-1/tasks',
        });
        return response.json().tasks.find((t: { invoiceIds: string[] }) => t.invoiceIds.includes('i-huge-3'));
      },
      { what: 'the call task for both invoices' },
    );
    expect([...task.invoiceIds].sort()).toEqual(['i-huge-3', 'i-huge-4']);
    expect(task).toMatchObject({
      amount: '18000000000000000000',
      currency: 'KRW',
    });
  });

  it('keeps a running total of payments on a promise beyond a bigint without failing the payment', async () => {
    const client = await run.pool.connect();
    try {
      await insertPromise(client, {
        promiseId: 'p-huge',
        customerId: 'c-huge-5',
        taskId: 't-huge',
        collectorId: 'col-1',
        invoiceIds: ['i-huge-5', 'i-huge-6'],
        promisedDate: '2026-12-01',
        currency: 'KRW',
        amountMinor: 9_000_000_000_000_000_000n,
        checkAt: new Date(Date.now() + 3_600_000),
        recordedAt: new Date(),
        recordedBy: 'test',
      });
      // Two payments that each fit a bigint; their sum was "bigint out of range".
      await addPaid(client, 'p-huge', 9_000_000_000_000_000_000n);
      await addPaid(client, 'p-huge', 9_000_000_000_000_000_000n);
      const paid = await client.query<{ paid_minor: bigint }>(
        "SELECT paid_minor FROM payment_promises WHERE promise_id = 'p-huge'",
      );
      expect(paid.rows[0]?.paid_minor).toBe(2n ** 63n - 1n);
    } finally {
      client.release();
    }
  });

  it("keeps a collector's feed live after PostgreSQL ends the feed's LISTEN session", async () => {
    await service.app.inject({
      headers: adminAuth,
      method: 'PUT',
      url: '/v1/collectors/col-feed',
      payload: { name: 'Feed Watcher', languages: ['en'], capacity: 1 },
    });
    const server = service.app.server;
    const address = server.listening
      ? `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      : await service.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${address}/v1/collectors/col-feed/tasks/stream`, { headers: adminAuth });
    const reader = stream.body!.getReader();
    const frame = async () => new TextDecoder().decode((await reader.read()).value);
    try {
      expect(await frame()).toContain('event: tasks');
      const channel = `task_feed_${service.context.config.DB_SCHEMA}`;
      const listeners = async () =>
        (
          await run.pool.query<{ pid: number }>({
            text: 'SELECT pid FROM pg_stat_activity WHERE query = $1',
            values: [`LISTEN "${channel}"`],
          })
        ).rows.map((row) => row.pid);
      const [pid] = await waitFor(async () => {
        const pids = await listeners();
        return pids.length === 1 && pids;
      });
      await run.pool.query({ text: 'SELECT pg_terminate_backend($1)', values: [pid] });
      // Back on a new session, the feed sends the queue again: what changed meanwhile was not heard.
      expect(await frame()).toContain('"collectorId":"col-feed"');
      expect(await listeners()).not.toContain(pid);
      await run.pool.query({ text: 'SELECT pg_notify($1, $2)', values: [channel, 'col-feed'] });
      expect(await frame()).toContain('"collectorId":"col-feed"');
    } finally {
      await reader.cancel();
    }
  });
});
