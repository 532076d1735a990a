import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, cookiesOf, csrfOf, startConsole } from './console-under-test.ts';

// One stand-in for the four services: answers what the customer page and the controls read, and
// records every call, so each test sees exactly what the console asked the services to do.
interface Call {
  method: string;
  url: string;
  body: unknown;
  actingUser: string | undefined;
}
const calls: Call[] = [];
const block = (blockId: string, customerId: string) => ({
  blockId,
  scope: 'customer',
  customerId,
  invoiceId: null,
  reason: 'vip',
  note: null,
  until: null,
  placedBy: 'console',
  placedAt: '2026-12-01T00:00:00.000Z',
  changedAt: null,
  liftedAt: null,
  liftedBy: null,
  active: true,
});
const task = (fields: Record<string, unknown>) => ({
  taskId: 't-done',
  customerId: 'cust-1',
  kind: 'call',
  step: 'reminder',
  invoiceIds: ['inv-1'],
  amount: '10.500',
  currency: 'KWD',
  priority: 1,
  collectorId: 'col-1',
  status: 'done',
  closeReason: null,
  escalations: 0,
  createdAt: '2026-12-02T00:00:00.000Z',
  claimedAt: '2026-12-02T01:00:00.000Z',
  claimedBy: 'console:col1',
  outcomeBy: 'console:zhang.wei',
  outcome: { outcome: 'promise-to-pay' },
  queue: 'collections',
  posting: null,
  ...fields,
});
const doneTask = task({});
const legalTask = task({
  taskId: 'legal.payment.p-1',
  kind: 'legal-review',
  step: 'posting',
  status: 'open',
  collectorId: null,
  claimedAt: null,
  claimedBy: null,
  outcomeBy: null,
  outcome: null,
  queue: 'legal',
  posting: { kind: 'payment', id: 'p-1' },
});
const profile = (customerId: string, collectorId: string) => ({
  customerId,
  name: `Customer ${customerId}`,
  timezone: 'Asia/Shanghai',
  collectorId,
});
const proposalItems = [
  {
    customerId: 'cust-1',
    currency: 'KWD',
    level: 1,
    step: 'reminder',
    invoiceIds: ['inv-1'],
    amount: '1.500',
    dueAt: '2026-12-06T00:00:00.000Z',
    channels: ['email'],
    excluded: null,
  },
  {
    customerId: 'cust-2',
    currency: 'JPY',
    level: 2,
    step: 'overdue-notice',
    invoiceIds: ['inv-2'],
    amount: '10000',
    dueAt: '2026-12-07T00:00:00.000Z',
    channels: ['email'],
    excluded: { reason: 'bankruptcy' },
  },
];

function answer(method: string, path: string): [number, unknown, string?] {
  const routes: Record<string, unknown> = {
    'GET /v1/customers/cust-1': profile('cust-1', 'col-1'),
    'GET /v1/customers/cust-2': profile('cust-2', 'col-2'),
    'GET /v1/customers/cust-1/statement': {
      customerId: 'cust-1',
      asOf: '2026-12-05',
      openItems: [
        {
          invoiceId: 'inv-1',
          customerId: 'cust-1',
          number: 'KW-0001',
          currency: 'KWD',
          amount: '10.500',
          balance: '10.500',
          issueDate: '2026-11-01',
          dueDate: '2026-11-30',
          overdueAt: '2026-12-01T00:00:00.000Z',
          status: 'overdue',
          disputed: false,
        },
      ],
      totals: [{ currency: 'KWD', open: '10.500', overdue: '10.500', credit: '0.000', net: '12.000' }],
      charges: [
        {
          kind: 'charge',
          chargeId: 'chg-1',
          chargeKind: 'fee',
          customerId: 'cust-1',
          invoiceIds: ['inv-1'],
          currency: 'KWD',
          amount: '1.500',
          open: '1.500',
          status: 'open',
          description: 'Dunning fee',
          leviedAt: '2026-12-02T00:00:00.000Z',
          waivedAt: null,
          waiveReason: null,
          waivedBy: null,
        },
      ],
    },
    'GET /v1/dunning-cases': {
      items: [
        {
          invoiceId: 'inv-1',
          status: 'legal',
          closeReason: null,
          steps: [],
          timeline: [
            {
              at: '2026-12-03T01:00:00.000Z',
              kind: 'promise-recorded',
              stepId: null,
              detail: { promiseId: 'promise.t-done', by: 'console:zhang.wei' },
            },
          ],
        },
      ],
    },
    'GET /v1/collectors/col-1/tasks': { tasks: [doneTask] },
    'GET /v1/legal/tasks': { items: [legalTask], total: 30 },
    'GET /v1/reports/aging': { asOf: '2026-12-05', currencies: [] },
    'GET /v1/reports/deliveries': {
      from: '2026-11-05T00:00:00.000Z',
      to: '2026-12-05T00:00:00.000Z',
      channels: [
        { channel: 'sms', counts: { pending: 0, sent: 3, failed: 0, dropped: 1 }, total: 4 },
        { channel: 'email', counts: { pending: 1, sent: 7, failed: 2, dropped: 0 }, total: 10 },
      ],
    },
    'GET /v1/collectors/col-2/tasks': { tasks: [] },
    'GET /v1/dunning-blocks': { items: [block('blk-1', 'cust-1')] },
    'GET /v1/dunning-blocks/blk-1': block('blk-1', 'cust-1'),
    'GET /v1/dunning-blocks/blk-x': block('blk-x', 'cust-2'),
    'GET /v1/notifications': { items: [] },
    'GET /v1/dunning-runs/proposal': { items: proposalItems },
    'POST /v1/templates/reminder/preview': {
      templateKey: 'reminder',
      locale: 'en',
      subject: 'Reminder: KW-0001',
      text: 'Invoice KW-0001 is overdue.',
      html: '',
      sms: 'KW-0001 overdue',
      letter: [],
    },
  };
  if (method === 'POST' && path === '/v1/templates/reminder/preview/letter')
    return [200, '%PDF-1.4 preview', 'application/pdf'];
  if (method !== 'GET' && !path.startsWith('/v1/templates/')) return [200, { ok: true }];
  const found = routes[`${method} ${path}`];
  return found === undefined ? [404, { detail: 'not here' }] : [200, found];
}

let stub: Server;
let console_: Awaited<ReturnType<typeof startConsole>>;
let app: FastifyInstance;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function signIn(username: string, password: string) {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const cookies = cookiesOf(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrfOf(page.body), username, password }),
  });
  return cookiesOf(response.headers['set-cookie'], cookies);
}

let collector: string;
let ops: string;
async function post(cookies: string, url: string, fields: Record<string, string>, withCsrf = true) {
  const page = await app.inject({ method: 'GET', url: '/customers/cust-1', headers: { cookie: cookies } });
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ ...(withCsrf ? { _csrf: csrfOf(page.body) } : {}), ...fields }),
  });
}
const changes = () => calls.filter((c) => c.method !== 'GET');

beforeAll(async () => {
  stub = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      calls.push({
        method: request.method ?? '',
        url: request.url ?? '',
        body: raw ? JSON.parse(raw) : undefined,
        actingUser: request.headers['x-acting-user'] as string | undefined,
      });
      const [status, body, type] = answer(request.method ?? '', path);
      response.writeHead(status, { 'content-type': type ?? 'application/json' });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  console_ = await startConsole({
    INVOICES_URL: url,
    CREDIT_RISK_URL: url,
    DUNNING_URL: url,
    NOTIFICATIONS_URL: url,
  });
  app = console_.app;
  const admin = await signIn('root', ADMIN_PASSWORD);
  const users = await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: admin } });
  const people: Record<string, string>[] = [
    { username: 'col1', password: 'collector-password-1', role: 'collector', collectorId: 'col-1' },
    { username: 'ops1', password: 'ops-password-12345', role: 'ops' },
  ];
  for (const user of people) {
    await app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: csrfOf(users.body), locale: 'en', ...user }),
    });
  }
  collector = await signIn('col1', 'collector-password-1');
  ops = await signIn('ops1', 'ops-password-12345');
});
afterAll(async () => {
  await console_?.close();
  stub?.close();
});
beforeEach(() => {
  calls.length = 0;
});

describe('the customer page’s dunning controls', () => {
  it('lists the blocks, the charges and the take-back form of a case in legal', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/customers/cust-1',
      headers: { cookie: collector },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-block-id="blk-1"');
    expect(page.body).toContain('/customers/cust-1/blocks/blk-1/lift');
    expect(page.body).toContain('data-charge-id="chg-1"');
    expect(page.body).toContain('/customers/cust-1/charges/chg-1/waive');
    expect(page.body).toContain('action="/customers/cust-1/legal/withdraw"');
    for (const reason of ['dispute', 'promise', 'legal', 'vip', 'bankruptcy', 'manual'])
      expect(page.body).toContain(`<option value="${reason}">`);
  });

  it('says so when the task of an outcome left the queue after the page was shown, and records nothing', async () => {
    const response = await post(collector, '/customers/cust-1/outcome', {
      taskId: 't-moved',
      outcome: 'no-answer',
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('no longer open in the collector’s queue');
    expect(changes()).toEqual([]);
  });

  it('places a block on one invoice until the start of a day in the customer’s time zone', async () => {
    const response = await post(collector, '/customers/cust-1/blocks', {
      target: 'inv-1',
      reason: 'bankruptcy',
      note: 'Filed on Monday',
      until: '2027-01-01',
    });
    expect(response.statusCode).toBe(303);
    const [placed] = changes();
    expect(placed).toMatchObject({
      method: 'POST',
      url: '/v1/invoices/inv-1/dunning-blocks',
      actingUser: 'col1',
      body: { reason: 'bankruptcy', note: 'Filed on Monday', until: '2026-12-31T16:00:00.000Z' },
    });
    expect((placed?.body as { blockId?: string } | undefined)?.blockId).toMatch(/^console-/);
  });

  it('places a block on the whole customer without an end', async () => {
    await post(collector, '/customers/cust-1/blocks', { target: 'customer', reason: 'vip' });
    const [placed] = changes();
    expect(placed).toMatchObject({ method: 'POST', url: '/v1/customers/cust-1/dunning-blocks' });
    expect(placed?.body).not.toHaveProperty('until');
    expect(placed?.body).not.toHaveProperty('note');
  });

  it('refuses an unknown reason, a malformed day and another customer’s invoice without calling dunning', async () => {
    expect((await post(collector, '/customers/cust-1/blocks', { reason: 'holiday' })).statusCode).toBe(422);
    expect(
      (await post(collector, '/customers/cust-1/blocks', { reason: 'vip', until: '2027-02-30' })).statusCode,
    ).toBe(422);
    expect(
      (await post(collector, '/customers/cust-1/blocks', { reason: 'vip', target: 'inv-2' })).statusCode,
    ).toBe(404);
    expect(changes()).toEqual([]);
  });

  it('lifts the customer’s own block only', async () => {
    expect((await post(collector, '/customers/cust-1/blocks/blk-1/lift', {})).statusCode).toBe(303);
    expect((await post(collector, '/customers/cust-1/blocks/blk-x/lift', {})).statusCode).toBe(404);
    expect(changes().map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /v1/dunning-blocks/blk-1']);
  });

  it('changes a holding block’s reason, note and end; an empty note clears it', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/customers/cust-1',
      headers: { cookie: collector },
    });
    expect(page.body).toContain('action="/customers/cust-1/blocks/blk-1/edit"');
    expect(page.body).toContain('<option value="vip" selected>');
    calls.length = 0;
    const response = await post(collector, '/customers/cust-1/blocks/blk-1/edit', {
      reason: 'bankruptcy',
      note: '',
      until: '2027-01-31',
    });
    expect(response.statusCode).toBe(303);
    expect(changes()).toEqual([
      {
        method: 'PATCH',
        url: '/v1/dunning-blocks/blk-1',
        // Midnight in Shanghai (UTC+8) starts the day.
        body: { reason: 'bankruptcy', note: null, until: '2027-01-30T16:00:00.000Z' },
        actingUser: 'col1',
      },
    ]);
    const audit = await app.inject({
      method: 'GET',
      url: '/customers/cust-1',
      headers: { cookie: collector },
    });
    expect(audit.body).toContain('block-changed');
  });

  it('refuses a block change with an unknown reason or a bad day, on another customer’s block, or without CSRF', async () => {
    expect(
      (await post(collector, '/customers/cust-1/blocks/blk-1/edit', { reason: 'holiday' })).statusCode,
    ).toBe(422);
    expect(
      (await post(collector, '/customers/cust-1/blocks/blk-1/edit', { reason: 'vip', until: '2027-13-01' }))
        .statusCode,
    ).toBe(422);
    expect((await post(collector, '/customers/cust-1/blocks/blk-x/edit', { reason: 'vip' })).statusCode).toBe(
      404,
    );
    expect((await post(ops, '/customers/cust-1/blocks/blk-1/edit', { reason: 'vip' })).statusCode).toBe(403);
    expect(
      (await post(collector, '/customers/cust-1/blocks/blk-1/edit', { reason: 'vip' }, false)).statusCode,
    ).toBe(403);
    expect(changes()).toEqual([]);
  });

  it('shows who claimed a task, who recorded its outcome and who acted on the timeline', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/customers/cust-1',
      headers: { cookie: collector },
    });
    expect(page.body).toContain('Claimed by console:col1');
    expect(page.body).toContain('Outcome by console:zhang.wei');
    expect(page.body).toMatch(/data-kind="promise-recorded">.*by console:zhang\.wei/);
  });

  it('takes a case back from legal with its reason', async () => {
    await post(collector, '/customers/cust-1/legal/withdraw', { invoiceId: 'inv-1', reason: 'Paid in part' });
    expect(changes()).toMatchObject([
      { method: 'DELETE', url: '/v1/invoices/inv-1/legal', body: { reason: 'Paid in part' } },
    ]);
  });

  it('waives one of the customer’s charges with a reason; an unknown charge is not found', async () => {
    await post(collector, '/customers/cust-1/charges/chg-1/waive', { reason: 'Goodwill' });
    expect((await post(collector, '/customers/cust-1/charges/chg-9/waive', { reason: 'x' })).statusCode).toBe(
      404,
    );
    expect(changes()).toMatchObject([
      { method: 'POST', url: '/v1/charges/chg-1/waive', body: { reason: 'Goodwill' } },
    ]);
  });

  it('keeps a collector to their portfolio, ops to reading, and every form to its CSRF token', async () => {
    expect((await post(collector, '/customers/cust-2/blocks', { reason: 'vip' })).statusCode).toBe(403);
    expect((await post(ops, '/customers/cust-1/blocks', { reason: 'vip' })).statusCode).toBe(403);
    for (const url of [
      '/customers/cust-1/blocks',
      '/customers/cust-1/blocks/blk-1/lift',
      '/customers/cust-1/legal/withdraw',
      '/customers/cust-1/charges/chg-1/waive',
    ])
      expect((await post(collector, url, { reason: 'vip', invoiceId: 'inv-1' }, false)).statusCode).toBe(403);
    expect(changes()).toEqual([]);
  });
});

describe('the run proposal page', () => {
  it('asks dunning for the filter’s window and shows only the excluded items when asked', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/ops/proposal?collectorId=col-1&until=2099-01-31&excluded=yes',
      headers: { cookie: ops },
    });
    expect(page.statusCode).toBe(200);
    expect(calls.map((c) => c.url)).toContain(
      '/v1/dunning-runs/proposal?until=2099-02-01T00%3A00%3A00.000Z&collectorId=col-1',
    );
    expect(page.body).toContain('data-excluded="bankruptcy"');
    expect(page.body).not.toContain('data-customer-id="cust-1"');
    expect(page.body).toContain('2 items: 1 going out, 1 excluded.');
  });

  it('answers htmx with the list alone, and a browser without JavaScript with the whole page', async () => {
    const url = '/ops/proposal?until=2099-01-31&excluded=no';
    const whole = await app.inject({ method: 'GET', url, headers: { cookie: ops } });
    expect(whole.body).toContain('<html');
    expect(whole.body).toMatch(/<form method="get" action="\/ops\/proposal"[^>]* hx-get="\/ops\/proposal"/);
    expect(whole.body).toContain('hx-target="#proposal-results"');
    expect(whole.body).toContain('hx-push-url="true"');
    const fragment = await app.inject({ method: 'GET', url, headers: { cookie: ops, 'hx-request': 'true' } });
    expect(fragment.statusCode).toBe(200);
    expect(fragment.headers.vary).toContain('HX-Request');
    expect(fragment.body.trimStart()).toMatch(/^<div id="proposal-results"/);
    expect(fragment.body).not.toContain('<html');
    expect(fragment.body).toContain('data-customer-id="cust-1"');
    expect(fragment.body).not.toContain('data-customer-id="cust-2"');
  });

  it('is for ops and admin only', async () => {
    const page = await app.inject({ method: 'GET', url: '/ops/proposal', headers: { cookie: collector } });
    expect(page.statusCode).toBe(403);
  });

  it('previews an item’s notice from the customer’s open items, and relays its letter', async () => {
    const query = 'customerId=cust-1&step=reminder&level=1&invoiceIds=inv-1';
    const page = await app.inject({
      method: 'GET',
      url: `/ops/proposal/preview?${query}`,
      headers: { cookie: ops },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invoice KW-0001 is overdue.');
    const preview = calls.find((c) => c.url === '/v1/templates/reminder/preview');
    expect(preview?.body).toMatchObject({
      locale: 'en',
      customer: { customerId: 'cust-1', timezone: 'Asia/Shanghai' },
      step: 'reminder',
      level: 1,
      invoices: [{ invoiceId: 'inv-1', number: 'KW-0001', balance: '10.500', currency: 'KWD' }],
    });
    const letter = await app.inject({
      method: 'GET',
      url: `/ops/proposal/preview/letter.pdf?${query}`,
      headers: { cookie: ops },
    });
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.body).toContain('%PDF');
    const none = await app.inject({
      method: 'GET',
      url: '/ops/proposal/preview?customerId=cust-1&step=reminder&invoiceIds=inv-9',
      headers: { cookie: ops },
    });
    expect(none.statusCode).toBe(404);
  });
});

describe('the legal queue page', () => {
  it('shows ops a page of every collector’s legal tasks, linked to the customer, without actions', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/legal?customerId=cust-1&page=2',
      headers: { cookie: ops },
    });
    expect(page.statusCode).toBe(200);
    expect(calls.map((c) => c.url)).toContain(
      '/v1/legal/tasks?includeDone=false&limit=25&offset=25&customerId=cust-1',
    );
    expect(page.body).toContain('data-task-id="legal.payment.p-1"');
    expect(page.body).toContain('href="/customers/cust-1"');
    expect(page.body).toContain('Posting: payment');
    expect(page.body).toContain('30 task(s).');
    expect(page.body).toContain('<span>2 / 2</span>');
    expect(page.body).toContain('href="/legal?customerId=cust-1" rel="prev"');
    expect(page.body).not.toContain('/legal/withdraw');
    expect(page.body).toContain('<a href="/legal">Legal queue</a>');
  });

  it('asks dunning for a collector’s own customers only, and offers them the take-back', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/legal?includeDone=1',
      headers: { cookie: collector },
    });
    expect(page.statusCode).toBe(200);
    expect(calls.map((c) => c.url)).toContain(
      '/v1/legal/tasks?includeDone=true&limit=25&offset=0&collectorId=col-1',
    );
    expect(page.body).toContain('action="/customers/cust-1/legal/withdraw"');
    expect(page.body).toContain('<a href="/legal">Legal queue</a>');
  });
});

describe('the dashboard', () => {
  it('shows deliveries per channel as notifications counts them for the last 30 days', async () => {
    const page = await app.inject({ method: 'GET', url: '/ops', headers: { cookie: ops } });
    expect(page.statusCode).toBe(200);
    const asked = calls.find((c) => c.url.startsWith('/v1/reports/deliveries?'));
    const query = new URLSearchParams(asked?.url.split('?')[1]);
    expect(Date.parse(query.get('to')!) - Date.parse(query.get('from')!)).toBe(30 * 86_400_000);
    expect(calls.some((c) => c.url.startsWith('/v1/notifications'))).toBe(false);
    expect(page.body).toContain('data-channel="email" data-sent="7" data-failed="2"');
    expect(page.body).toContain('data-channel="sms" data-sent="3" data-failed="0"');
    expect(page.body).toContain('data-channel="letter" data-sent="0" data-failed="0"');
  });
});
