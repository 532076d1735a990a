import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DunningEvent } from '@dunning/contracts';
import { sha256Hex } from '@dunning/service-runtime';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DunningService } from '../src/service.ts';
import { DAY_MS, type DunningUnderTest, dunningUnderTest, stepsOf } from './support/dunning-under-test.ts';
import { issued } from './support/ledger-feed.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dunning blocks on real Kafka, PostgreSQL and Redis (DAY_MS=100)', () => {
  let run: DunningUnderTest;
  let service: DunningService;

  // An ordinary key besides the admin one: its X-Acting-User must be ignored.
  const collectorKey = 'collector-7-key-not-a-secret';
  beforeAll(async () => {
    const keysFile = join(mkdtempSync(join(tmpdir(), 'blocks-keys-')), 'keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify([
        { name: 'collector-7', sha256: sha256Hex(collectorKey), scopes: ['collector'], collectorId: 'col-7' },
      ]),
    );
    run = await dunningUnderTest({ API_KEYS_FILE: keysFile });
    service = await run.start();
  });
  afterAll(async () => {
    await run?.close();
  });

  const http = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    service.app.inject({ method, url, headers: adminAuth, ...(payload ? { payload } : {}) });
  const caseView = async (invoiceId: string) =>
    (await http('GET', `/v1/invoices/${invoiceId}/dunning`)).json();
  const levelsSent = (invoiceId: string) =>
    run.feed
      .actionsFor(invoiceId)
      .filter((a) => a.data.channel === 'email')
      .map((a) => a.data.level);
  const blockEvents = (blockId: string) =>
    run.feed.dunningEvents.filter(
      (e): e is Extract<DunningEvent, { type: `dunning.block.${string}` }> =>
        e.type.startsWith('dunning.block.') && (e.data as { blockId?: string }).blockId === blockId,
    );
  const casesExist = (...invoiceIds: string[]) =>
    waitFor(async () => (await Promise.all(invoiceIds.map(stepsOfInvoice))).every((s) => s.length > 0));
  const stepsOfInvoice = (invoiceId: string) => stepsOf(run.pool, invoiceId);

  it.concurrent('a customer block stops every notice and task until lifted; then one level at a time', async () => {
    // 55 days overdue: the reminder now, the overdue notice a week later, the final notice a week after.
    // Overdue ten days: the reminder goes out at once, the overdue notice 20 days later, which leaves
    // time to place the block in between on a busy machine.
    await run.feed.publish([issued('c-cb', 'i-cb', new Date(Date.now() - 10 * DAY_MS))]);
    await waitFor(() => levelsSent('i-cb').length === 1);
    const task = await waitFor(async () => {
      const rows = await run.pool.query<{ task_id: string }>(
        "SELECT task_id FROM collector_tasks WHERE customer_id = 'c-cb' AND status = 'open'",
      );
      return rows.rows[0];
    });

    const placed = await http('POST', '/v1/customers/c-cb/dunning-blocks', {
      blockId: 'blk-cb',
      reason: 'bankruptcy',
      note: 'insolvency filed',
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({
      scope: 'customer',
      reason: 'bankruptcy',
      placedBy: 'admin',
      active: true,
    });
    // Its open call task closes: nobody should call meanwhile.
    const closed = await run.pool.query<{ status: string; close_reason: string }>(
      'SELECT status, close_reason FROM collector_tasks WHERE task_id = $1',
      [task.task_id],
    );
    expect(closed.rows[0]).toEqual({ status: 'closed', close_reason: 'blocked' });
    const blocked = await caseView('i-cb');
    expect(blocked.status).toBe('blocked');
    expect(blocked.blocks).toEqual([
      { blockId: 'blk-cb', reason: 'bankruptcy', note: 'insolvency filed', until: null, scope: 'customer' },
    ]);

    // 52 days pass: the overdue notice and the final notice both fall due, nothing goes out.
    await sleep(52 * DAY_MS);
    expect(levelsSent('i-cb')).toEqual([1]);
    const owed = await stepsOfInvoice('i-cb');
    expect(owed.filter((s) => s.status === 'scheduled').map((s) => s.name)).toEqual([
      'overdue-notice',
      'final-notice',
      'legal-letter',
    ]);
    const tasks = await run.pool.query("SELECT 1 FROM collector_tasks WHERE customer_id = 'c-cb'");
    expect(tasks.rowCount).toBe(1);
    const held = (await caseView('i-cb')).timeline.filter((t: { kind: string }) => t.kind === 'held');
    expect(held.length).toBeGreaterThan(0);
    expect(held[0].detail).toMatchObject({ reason: 'bankruptcy' });

    const lifted = await http('DELETE', '/v1/dunning-blocks/blk-cb');
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().liftedAt).not.toBeNull();
    // Then the overdue notice alone (one notice, not a stack), the final notice an interval later.
    await waitFor(() => levelsSent('i-cb').length === 2, { timeoutMs: 10_000 });
    await sleep(3 * DAY_MS);
    expect(levelsSent('i-cb')).toEqual([1, 2]);
    await waitFor(() => levelsSent('i-cb').length === 3, { timeoutMs: 10_000 });
    const steps = await stepsOfInvoice('i-cb');
    const at = (name: string) => steps.find((s) => s.name === name)!.executed_at!.getTime();
    expect(at('final-notice') - at('overdue-notice')).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect((await caseView('i-cb')).status).toBe('active');
    const kinds = (await caseView('i-cb')).timeline.map((t: { kind: string }) => t.kind);
    expect(kinds).toContain('block-placed');
    expect(kinds).toContain('block-lifted');
  });

  it.concurrent('an invoice block stops only that invoice; the customer’s other invoice is dunned', async () => {
    // The reminders fall due 20 days from now: time to place the block before, on a busy machine too.
    const overdueAt = new Date(Date.now() + 13 * DAY_MS);
    await run.feed.publish([issued('c-ib', 'i-ib-a', overdueAt), issued('c-ib', 'i-ib-b', overdueAt)]);
    await casesExist('i-ib-a', 'i-ib-b');
    const placed = await http('POST', '/v1/invoices/i-ib-a/dunning-blocks', {
      blockId: 'blk-ib',
      reason: 'dispute',
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ scope: 'invoice', invoiceId: 'i-ib-a', customerId: 'c-ib' });
    const notice = await waitFor(() => run.feed.actionsFor('i-ib-b')[0], { timeoutMs: 10_000 });
    expect(notice.data.invoices.map((i) => i.invoiceId)).toEqual(['i-ib-b']);
    await sleep(3 * DAY_MS);
    expect(run.feed.actionsFor('i-ib-a')).toEqual([]);
    expect((await caseView('i-ib-a')).status).toBe('blocked');
    expect((await caseView('i-ib-b')).status).toBe('active');
    expect((await caseView('i-ib-b')).blocks).toEqual([]);
  });

  it.concurrent('a block with until ends by itself: the owed reminder goes out once until passed', async () => {
    // Placed before the invoice is issued (a customer block holds the cases opened after it), so that
    // however slow the machine, the reminder falls due inside the block.
    const until = new Date(Date.now() + 15 * DAY_MS);
    const placed = await http('POST', '/v1/customers/c-ub/dunning-blocks', {
      blockId: 'blk-ub',
      reason: 'vip',
      until: until.toISOString(),
    });
    expect(placed.statusCode).toBe(201);
    await run.feed.publish([issued('c-ub', 'i-ub', new Date(Date.now() + 3 * DAY_MS))]);
    await casesExist('i-ub');
    const notice = await waitFor(() => run.feed.actionsFor('i-ub')[0], { timeoutMs: 15_000 });
    expect(Date.parse(notice.data.requestedAt)).toBeGreaterThanOrEqual(until.getTime());
    expect(notice.data.level).toBe(1);
    const view = await caseView('i-ub');
    expect(view.status).toBe('active');
    expect((await http('GET', '/v1/dunning-blocks?customerId=c-ub&active=false')).json().items).toMatchObject(
      [{ blockId: 'blk-ub', active: false, liftedAt: null }],
    );
  });

  it.concurrent('idempotent placing, 409 on another body, 400 naming the field, lifting twice, 404', async () => {
    await run.feed.publish([issued('c-http', 'i-http', new Date(Date.now() + 50 * DAY_MS))]);
    await casesExist('i-http');
    const body = { blockId: 'blk-http', reason: 'manual', note: 'waiting for the contract' };
    const first = await http('POST', '/v1/invoices/i-http/dunning-blocks', body);
    expect(first.statusCode).toBe(201);
    const again = await http('POST', '/v1/invoices/i-http/dunning-blocks', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await http('POST', '/v1/invoices/i-http/dunning-blocks', { ...body, reason: 'vip' });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    const onCustomer = await http('POST', '/v1/customers/c-http/dunning-blocks', body);
    expect(onCustomer.statusCode).toBe(409);
    const unknown = await http('POST', '/v1/invoices/i-http/dunning-blocks', {
      blockId: 'x',
      reason: 'holiday',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.reason']);
    const past = await http('POST', '/v1/customers/c-http/dunning-blocks', {
      blockId: 'blk-past',
      reason: 'manual',
      until: new Date(Date.now() - 1_000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].path).toBe('body.until');
    expect((await http('POST', '/v1/invoices/nope/dunning-blocks', body)).statusCode).toBe(404);

    const changed = await http('PATCH', '/v1/dunning-blocks/blk-http', { note: 'contract signed Monday' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ note: 'contract signed Monday' });
    expect(changed.json().changedAt).not.toBeNull();
    const later = new Date(Date.now() + 100 * DAY_MS).toISOString();
    expect((await http('PATCH', '/v1/dunning-blocks/blk-http', { until: later })).json().until).toBe(later);
    const cleared = await http('PATCH', '/v1/dunning-blocks/blk-http', { until: null });
    expect(cleared.json()).toMatchObject({ until: null, note: 'contract signed Monday', active: true });

    const lifted = await http('DELETE', '/v1/dunning-blocks/blk-http');
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ active: false, liftedBy: 'admin' });
    const twice = await http('DELETE', '/v1/dunning-blocks/blk-http');
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toEqual(lifted.json());
    expect((await http('DELETE', '/v1/dunning-blocks/nope')).statusCode).toBe(404);
    expect((await http('PATCH', '/v1/dunning-blocks/blk-http', { note: 'late' })).statusCode).toBe(409);

    const list = await http('GET', '/v1/dunning-blocks?invoiceId=i-http');
    expect(list.json().items.map((b: { blockId: string }) => b.blockId)).toEqual(['blk-http']);
    expect((await http('GET', '/v1/dunning-blocks?invoiceId=i-http&active=true')).json().items).toEqual([]);

    // Every place, change and lift is on the timeline and published once, whatever the repeats.
    const timeline = (await caseView('i-http')).timeline.map((t: { kind: string }) => t.kind);
    expect(timeline.filter((k: string) => k.startsWith('block-'))).toEqual([
      'block-placed',
      'block-changed',
      'block-changed',
      'block-changed',
      'block-lifted',
    ]);
    const events = await waitFor(() => blockEvents('blk-http').length >= 5 && blockEvents('blk-http'));
    await sleep(500);
    const ids = new Map<string, Set<string>>();
    for (const e of blockEvents('blk-http')) ids.set(e.type, (ids.get(e.type) ?? new Set()).add(e.id));
    expect([...ids].map(([type, set]) => [type, set.size])).toEqual([
      ['dunning.block.placed', 1],
      ['dunning.block.changed', 3],
      ['dunning.block.lifted', 1],
    ]);
    expect(events[0]!.data).toMatchObject({ reason: 'manual', placedBy: 'admin', scope: 'invoice' });
  });

  it.concurrent("attributes a block to the person the console acted for; an ordinary key's header is ignored", async () => {
    await run.feed.publish([issued('c-who', 'i-who', new Date(Date.now() + 50 * DAY_MS))]);
    await casesExist('i-who');
    const as = (authorization: string, user: string) => ({ authorization, 'x-acting-user': user });
    const placed = await service.app.inject({
      method: 'POST',
      url: '/v1/invoices/i-who/dunning-blocks',
      headers: as(adminAuth.authorization, 'li.na'),
      payload: { blockId: 'blk-who', reason: 'vip' },
    });
    expect(placed.json()).toMatchObject({ placedBy: 'admin:li.na', changedBy: null });
    // The reason too may change; the change names who made it, in the view and in the event.
    const changed = await service.app.inject({
      method: 'PATCH',
      url: '/v1/dunning-blocks/blk-who',
      headers: as(adminAuth.authorization, 'zhao.lei'),
      payload: { reason: 'bankruptcy', note: 'filed Friday' },
    });
    expect(changed.json()).toMatchObject({
      reason: 'bankruptcy',
      note: 'filed Friday',
      placedBy: 'admin:li.na',
      changedBy: 'admin:zhao.lei',
    });
    const changeEvent = await waitFor(() =>
      blockEvents('blk-who').find((e) => e.type === 'dunning.block.changed'),
    );
    expect(changeEvent.data).toMatchObject({ reason: 'bankruptcy', by: 'admin:zhao.lei' });
    const badReason = await service.app.inject({
      method: 'PATCH',
      url: '/v1/dunning-blocks/blk-who',
      headers: adminAuth,
      payload: { reason: 'holiday' },
    });
    expect(badReason.statusCode).toBe(400);
    expect(badReason.headers['content-type']).toContain('application/problem+json');
    expect(badReason.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.reason']);
    const lifted = await service.app.inject({
      method: 'DELETE',
      url: '/v1/dunning-blocks/blk-who',
      headers: as(adminAuth.authorization, 'wang.wei'),
    });
    expect(lifted.json()).toMatchObject({ liftedBy: 'admin:wang.wei' });
    const timeline = (await caseView('i-who')).timeline.filter((t: { kind: string }) =>
      t.kind.startsWith('block-'),
    );
    expect(timeline.map((t: { detail: { by: string } }) => t.detail.by)).toEqual([
      'admin:li.na',
      'admin:zhao.lei',
      'admin:wang.wei',
    ]);
    expect(timeline[1]).toMatchObject({ kind: 'block-changed', detail: { reason: 'bankruptcy' } });
    const event = await waitFor(() => blockEvents('blk-who')[0]);
    expect(event.data).toMatchObject({ placedBy: 'admin:li.na' });

    const byCollector = await service.app.inject({
      method: 'POST',
      url: '/v1/invoices/i-who/dunning-blocks',
      headers: as(`Bearer ${collectorKey}`, 'li.na'),
      payload: { blockId: 'blk-who-2', reason: 'manual' },
    });
    expect(byCollector.json()).toMatchObject({ placedBy: 'collector-7' });
    const malformed = await service.app.inject({
      method: 'POST',
      url: '/v1/invoices/i-who/dunning-blocks',
      headers: as(adminAuth.authorization, 'Li Na <script>'),
      payload: { blockId: 'blk-who-3', reason: 'manual' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('shows several cases in one call as each case alone shows it, blocks included', async () => {
    // Due far ahead (a thousand days of 100 ms): no step runs while the two views are read.
    const dueLater = new Date(Date.now() + 1000 * DAY_MS);
    await run.feed.publish([
      issued('c-batch', 'i-batch-1', dueLater),
      issued('c-batch', 'i-batch-2', dueLater),
    ]);
    await casesExist('i-batch-1', 'i-batch-2');
    const placed = await http('POST', '/v1/invoices/i-batch-2/dunning-blocks', {
      blockId: 'blk-batch',
      reason: 'manual',
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const batch = await http(
      'GET',
      '/v1/dunning-cases?invoiceId=i-batch-2&invoiceId=no-such-invoice&invoiceId=i-batch-1&invoiceId=i-batch-2',
    );
    expect(batch.statusCode, batch.body).toBe(200);
    const items = batch.json().items;
    expect(items).toEqual([await caseView('i-batch-2'), await caseView('i-batch-1')]);
    expect(items[0].status).toBe('blocked');
    expect(items[1].steps.length).toBeGreaterThan(0);
    expect(items[1].timeline.length).toBeGreaterThan(0);
    const one = await http('GET', '/v1/dunning-cases?invoiceId=i-batch-1');
    expect(one.json().items).toEqual([items[1]]);
    const tooMany = await http(
      'GET',
      `/v1/dunning-cases?${Array.from({ length: 101 }, (_, i) => `invoiceId=i-${i}`).join('&')}`,
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
  });

  it('the block endpoints are in /docs with their scope', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/docs/json', headers: adminAuth })).json();
    for (const [path, method, scope] of [
      ['/v1/customers/{customerId}/dunning-blocks', 'post', 'collector'],
      ['/v1/invoices/{invoiceId}/dunning-blocks', 'post', 'collector'],
      ['/v1/dunning-blocks/{blockId}', 'delete', 'collector'],
      ['/v1/dunning-blocks/{blockId}', 'patch', 'collector'],
      ['/v1/dunning-blocks/{blockId}', 'get', 'ops:read'],
      ['/v1/dunning-blocks', 'get', 'ops:read'],
      ['/v1/dunning-runs/proposal', 'get', 'ops:read'],
      ['/v1/dunning-cases', 'get', 'ops:read'],
    ] as const)
      expect(doc.paths[path]?.[method]?.responses['403'].description, `${method} ${path}`).toContain(
        `scope ${scope}`,
      );
  });
});
