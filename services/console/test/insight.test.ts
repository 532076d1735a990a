import { type PlatformUnderTest, platformUnderTest } from '@dunning/e2e';
import { adminAuth, testAdminKey } from '@dunning/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendsReport } from '../src/clients/types.ts';
import { lastFullMonth, monthsSpanned, parseInsightFilter, reportRequest } from '../src/domain/insight.ts';
import { TOP_CUSTOMERS_SHOWN } from '../src/http/insight.routes.ts';
import { renderView } from '../src/http/render.ts';
import { formatAmount } from '../src/i18n/format.ts';
import { ADMIN_PASSWORD, cookiesOf, csrfOf, startConsole } from './console-under-test.ts';

const at = (iso: string) => new Date(iso);

describe('the insight filter', () => {
  it.each([
    ['2026-12-05T10:00:00Z', '2026-11-01', '2026-11-30'],
    // January: December of the year before.
    ['2027-01-01T00:00:00Z', '2026-12-01', '2026-12-31'],
    // March after a leap February, and after a common one.
    ['2028-03-31T23:59:59Z', '2028-02-01', '2028-02-29'],
    ['2027-03-01T00:00:00Z', '2027-02-01', '2027-02-28'],
  ])('defaults to the last full month before %s', (now, from, to) => {
    expect(lastFullMonth(at(now))).toEqual({ from, to });
    expect(parseInsightFilter({}, at(now))).toEqual({ filter: { from, to }, ignored: [] });
  });

  it('takes a typed period and filters, and leaves out what it cannot read', () => {
    const now = at('2026-12-05T00:00:00Z');
    expect(
      parseInsightFilter(
        {
          from: '2026-10-01',
          to: '2026-10-01',
          currency: 'kwd',
          country: 'kw',
          industry: 'wholesale',
          collectorId: 'col-1',
        },
        now,
      ),
    ).toEqual({
      filter: {
        from: '2026-10-01',
        to: '2026-10-01',
        currency: 'KWD',
        country: 'KW',
        industry: 'wholesale',
        collectorId: 'col-1',
      },
      ignored: [],
    });
    for (const period of [
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-11-02', to: '2026-11-01' },
      { from: '2026-11-01' },
      { from: 'yesterday', to: '2026-11-01' },
    ]) {
      expect(parseInsightFilter(period, now)).toEqual({
        filter: { from: '2026-11-01', to: '2026-11-30' },
        ignored: ['from', 'to'],
      });
    }
    expect(
      parseInsightFilter({ currency: 'EURO', country: 'K1', collectorId: '../x', industry: ' ' }, now)
        .ignored,
    ).toEqual(['currency', 'country', 'collectorId']);
  });

  it('counts the months a period touches for the provision trend, within the ledger’s 1–24', () => {
    expect(monthsSpanned('2026-11-01', '2026-11-30')).toBe(1);
    expect(monthsSpanned('2026-11-30', '2026-12-01')).toBe(2);
    expect(monthsSpanned('2025-12-15', '2026-02-01')).toBe(3);
    expect(monthsSpanned('2020-01-01', '2026-12-31')).toBe(24);
  });

  it('asks each service in its own terms: days and all filters for the ledger, instants for dunning', () => {
    const filter = {
      from: '2028-02-01',
      to: '2028-02-29',
      currency: 'JPY',
      country: 'JP',
      collectorId: 'c-1',
    };
    expect(reportRequest('overdue-reasons', filter)).toEqual({
      service: 'invoices',
      path: '/v1/reports/overdue-reasons?from=2028-02-01&to=2028-02-29&currency=JPY&country=JP&collectorId=c-1',
    });
    expect(reportRequest('provision', filter).path).toBe(
      '/v1/reports/provision?asOf=2028-02-29&months=1&currency=JPY&country=JP&collectorId=c-1',
    );
    expect(reportRequest('forecast', filter).path).toBe('/v1/reports/forecast?weeks=13&currency=JPY');
    // The leap day is the period's last: dunning's `to` is the next midnight, exclusive.
    expect(reportRequest('recovery', filter)).toEqual({
      service: 'dunning',
      path: '/v1/reports/recovery?from=2028-02-01T00%3A00%3A00.000Z&to=2028-03-01T00%3A00%3A00.000Z&currency=JPY&collectorId=c-1',
    });
    expect(reportRequest('collectors', { from: '2026-12-31', to: '2026-12-31' }).path).toBe(
      '/v1/reports/collectors?from=2026-12-31T00%3A00%3A00.000Z&to=2027-01-01T00%3A00%3A00.000Z',
    );
  });
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
async function signIn(app: FastifyInstance) {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const cookies = cookiesOf(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrfOf(page.body), username: 'root', password: ADMIN_PASSWORD }),
  });
  return cookiesOf(response.headers['set-cookie'], cookies);
}
const isoDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

describe('the top customers’ part', () => {
  const reader = { user: { locale: 'en' } } as unknown as Parameters<typeof renderView>[0];
  const top = (count: number) => ({
    currencies: [
      {
        currency: 'EUR',
        collected: '1000.00',
        topCollected: '900.00',
        topShare: '0.9000',
        topCustomers: count,
        payingCustomers: count * 5,
        customers: Array.from({ length: count }, (_, i) => ({
          customerId: `c-${i + 1}`,
          rank: i + 1,
          collected: '10.00',
          share: '0.0100',
          payments: 1,
          daysLateMean: '0.0',
          daysLateStdDev: '0.0',
        })),
      },
    ],
  });
  const render = (count: number) =>
    renderView(reader, 'insight-part', {
      report: 'top-customers',
      alone: false,
      query: '',
      topShown: TOP_CUSTOMERS_SHOWN,
      data: top(count),
    });

  it('lists the first of a large top fifth and says the CSV has them all', () => {
    const many = render(TOP_CUSTOMERS_SHOWN + 70);
    expect(many.match(/<tr data-customer=/g)).toHaveLength(TOP_CUSTOMERS_SHOWN);
    expect(many).toContain(`data-customer="c-${TOP_CUSTOMERS_SHOWN}"`);
    expect(many).not.toContain(`data-customer="c-${TOP_CUSTOMERS_SHOWN + 1}"`);
    expect(many).toContain(`The first ${TOP_CUSTOMERS_SHOWN} of ${TOP_CUSTOMERS_SHOWN + 70} are shown`);
    // The summary still counts every one of them.
    expect(many).toContain(
      `The top ${TOP_CUSTOMERS_SHOWN + 70} of ${(TOP_CUSTOMERS_SHOWN + 70) * 5} paying customers`,
    );
    const few = render(3);
    expect(few.match(/<tr data-customer=/g)).toHaveLength(3);
    expect(few).not.toContain('data-top-shown');
  });
});

describe('the insight page and the dashboard trends, against the real ledger and dunning', () => {
  let platform: PlatformUnderTest;
  let console_: Awaited<ReturnType<typeof startConsole>>;
  let app: FastifyInstance;
  let cookie: string;
  let invoicesUrl: string;
  let dunningUrl: string;
  // A period from two months back to today: the seeded history falls in it whatever the day.
  const period = { from: `${isoDate(-62).slice(0, 8)}01`, to: isoDate(0) };
  // The page as a browser ends up with it: the shell, then each report's part as htmx asks for it.
  const page = async (query: Record<string, string>, on: FastifyInstance = app, session = cookie) => {
    const shell = await on.inject({
      method: 'GET',
      url: `/ops/insight?${form(query)}`,
      headers: { cookie: session },
    });
    expect(shell.statusCode).toBe(200);
    const parts = [...shell.body.matchAll(/hx-get="(\/ops\/insight\/parts\/[^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    expect(parts).toHaveLength(6);
    const bodies = await Promise.all(
      parts.map(async (url) => {
        const part = await on.inject({
          method: 'GET',
          url,
          headers: { cookie: session, 'hx-request': 'true' },
        });
        expect(part.statusCode, url).toBe(200);
        expect(part.body).not.toContain('<html');
        return part.body;
      }),
    );
    return [shell.body, ...bodies].join('\n');
  };
  const json = async <T>(base: string, path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, { headers: adminAuth });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
  const post = async (path: string, body: unknown, method = 'POST') => {
    const response = await fetch(`${invoicesUrl}${path}`, {
      method,
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, `${path}: ${await response.text()}`).toBeLessThan(300);
  };

  beforeAll(async () => {
    platform = platformUnderTest();
    const listen = async (service: { app: { listen(o: { host: string; port: number }): Promise<string> } }) =>
      service.app.listen({ host: '127.0.0.1', port: 0 });
    invoicesUrl = await listen(await platform.startInvoices());
    dunningUrl = await listen(await platform.startDunning());
    console_ = await startConsole({
      CONSOLE_API_KEY: testAdminKey,
      INVOICES_URL: invoicesUrl,
      DUNNING_URL: dunningUrl,
    });
    app = console_.app;
    cookie = await signIn(app);
    const customer = (name: string, country: string, timezone: string) => ({
      name,
      email: 'ap@example.com',
      phone: '+96522000000',
      locale: 'en',
      timezone,
      industry: 'wholesale',
      address: { line1: '1 Road', city: 'City', country },
      paymentTermsDays: 30,
      collectorId: 'col-ins',
    });
    await post('/v1/customers/cust-ins-kw', customer('Gulf Trading', 'KW', 'Asia/Kuwait'), 'PUT');
    await post('/v1/customers/cust-ins-jp', customer('Tokyo Goods', 'JP', 'Asia/Tokyo'), 'PUT');
    const invoice = (
      invoiceId: string,
      customerId: string,
      currency: string,
      amount: string,
      due: number,
    ) => ({
      invoiceId,
      customerId,
      number: `N-${invoiceId}`,
      currency,
      amount,
      issueDate: isoDate(due - 30),
      dueDate: isoDate(due),
    });
    await post('/v1/invoices', invoice('inv-ins-1', 'cust-ins-kw', 'KWD', '10.500', -10));
    await post('/v1/invoices', invoice('inv-ins-2', 'cust-ins-jp', 'JPY', '5000', -5));
    await post('/v1/invoices', invoice('inv-ins-3', 'cust-ins-kw', 'KWD', '2.125', 14));
    await post('/v1/payments', {
      paymentId: 'pay-ins-1',
      invoiceId: 'inv-ins-1',
      amount: '4.250',
      currency: 'KWD',
      receivedAt: isoDate(-1),
    });
    await post('/v1/invoices/inv-ins-2/disputes', {
      disputeId: 'dsp-ins-2',
      reason: 'goods arrived late',
      reasonCode: 'logistics',
    });
  }, 120_000);

  afterAll(async () => {
    await console_?.close();
    await platform?.close();
  });

  it('shows each report’s figures as the services give them, formatted for the reader', async () => {
    const body = await page(period);
    const filter = { ...period };
    const reasons = await json<{
      reasons: {
        reason: string;
        invoices: number;
        currencies: { currency: string; amount: string; open: string }[];
      }[];
    }>(invoicesUrl, reportRequest('overdue-reasons', filter).path);
    expect(reasons.reasons.map((r) => r.reason)).toContain('logistics');
    for (const r of reasons.reasons) {
      expect(body).toContain(`data-reason="${r.reason}" data-invoices="${r.invoices}"`);
      for (const c of r.currencies)
        expect(body).toContain(
          `data-currency="${c.currency}" data-amount="${c.amount}" data-open="${c.open}"`,
        );
    }
    const top = await json<{
      currencies: {
        currency: string;
        collected: string;
        customers: { customerId: string; collected: string; share: string }[];
      }[];
    }>(invoicesUrl, reportRequest('top-customers', filter).path);
    const kwd = top.currencies.find((c) => c.currency === 'KWD');
    expect(kwd?.collected).toBe('4.250');
    for (const c of top.currencies) {
      expect(body).toContain(`data-currency="${c.currency}" data-collected="${c.collected}"`);
      for (const row of c.customers)
        expect(body).toContain(
          `data-customer="${row.customerId}" data-collected="${row.collected}" data-share="${row.share}"`,
        );
    }
    expect(body).toContain(formatAmount('en', '4.250', 'KWD'));
    const provision = await json<{ currencies: { currency: string; balance: string; provision: string }[] }>(
      invoicesUrl,
      reportRequest('provision', filter).path,
    );
    expect(provision.currencies.map((c) => c.currency).sort()).toEqual(['JPY', 'KWD']);
    for (const c of provision.currencies)
      expect(body).toContain(
        `data-currency="${c.currency}" data-balance="${c.balance}" data-provision="${c.provision}"`,
      );
    const forecast = await json<{
      rows: { currency: string; bucket: string; week: number | null; amount: string }[];
    }>(invoicesUrl, reportRequest('forecast', filter).path);
    const weeks = forecast.rows.filter((r) => r.bucket === 'week');
    expect(weeks).toHaveLength(13 * 2);
    for (const r of forecast.rows) {
      const table = new RegExp(
        `<table class="forecast" data-currency="${r.currency}">[\\s\\S]*?</table>`,
      ).exec(body)?.[0];
      expect(table).toContain(
        r.week === null
          ? `data-bucket="${r.bucket}" data-amount="${r.amount}"`
          : `data-week="${r.week}" data-amount="${r.amount}"`,
      );
    }
    expect(body).toContain('aria-label="Expected collections per week, KWD, next 13 weeks"');
    const recovery = await json<{ total: { currency: string; recovered: string }[] }>(
      dunningUrl,
      reportRequest('recovery', filter).path,
    );
    for (const t of recovery.total)
      expect(body).toContain(
        `data-collector="total" data-currency="${t.currency}" data-recovered="${t.recovered}"`,
      );
    await json(dunningUrl, reportRequest('collectors', filter).path);
    expect(body).toContain('id="collector-performance"');
    expect(body).not.toContain('data-unavailable');
    expect(body).toContain('<a href="/ops/insight">Insight</a>');
  });

  it('shows the page without waiting for any report: each section loads its part, also on a page of its own', async () => {
    // A console that reaches no service still renders the page's shell, with a part to load per report.
    const unreachable = await startConsole({
      CONSOLE_API_KEY: testAdminKey,
      INVOICES_URL: 'http://127.0.0.1:65534',
      DUNNING_URL: 'http://127.0.0.1:65534',
    });
    try {
      const session = await signIn(unreachable.app);
      const shell = await unreachable.app.inject({
        method: 'GET',
        url: `/ops/insight?${form({ ...period, currency: 'KWD' })}`,
        headers: { cookie: session },
      });
      expect(shell.statusCode).toBe(200);
      expect(shell.body).not.toContain('data-unavailable');
      expect(shell.body.match(/hx-trigger="load"/g)).toHaveLength(6);
      expect(shell.body).toContain(
        `hx-get="/ops/insight/parts/forecast?from=${period.from}&amp;to=${period.to}&amp;currency=KWD"`,
      );
      const part = await unreachable.app.inject({
        method: 'GET',
        url: `/ops/insight/parts/forecast?${form(period)}`,
        headers: { cookie: session, 'hx-request': 'true' },
      });
      expect(part.body).toContain('data-unavailable="forecast"');
    } finally {
      await unreachable.close();
    }
    // Followed as a link (no htmx), a part is a whole page: the layout, its heading, a way back.
    const alone = await app.inject({
      method: 'GET',
      url: `/ops/insight/parts/recovery?${form(period)}`,
      headers: { cookie },
    });
    expect(alone.statusCode).toBe(200);
    expect(alone.body).toContain('<html');
    expect(alone.body).toContain('<h1>Recovery of overdue amounts</h1>');
    expect(alone.body).toContain('id="recovery-total"');
    const unknown = await app.inject({
      method: 'GET',
      url: `/ops/insight/parts/nothing?${form(period)}`,
      headers: { cookie },
    });
    expect(unknown.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: `/ops/insight/parts/recovery?${form(period)}` });
    expect(anonymous.statusCode).not.toBe(200);
  });

  it('passes the filters through: one currency, one country', async () => {
    const body = await page({ ...period, currency: 'JPY' });
    expect(body).toContain('data-reason="logistics"');
    expect(body).not.toContain('data-currency="KWD"');
    const kuwait = await page({ ...period, country: 'KW' });
    expect(kuwait).not.toContain('data-reason="logistics"');
    expect(kuwait).toContain('data-currency="KWD" data-collected="4.250"');
  });

  it('relays the service’s CSV as a download under the session, and nothing without one', async () => {
    const query = form({ ...period, currency: 'KWD' });
    const response = await app.inject({
      method: 'GET',
      url: `/ops/insight/csv/top-customers?${query}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="top-customers-${period.from}-${period.to}.csv"`,
    );
    const direct = await fetch(
      `${invoicesUrl}${reportRequest('top-customers', { ...period, currency: 'KWD' }).path}`,
      {
        headers: { ...adminAuth, accept: 'text/csv' },
      },
    );
    expect(response.body).toBe(await direct.text());
    expect(response.body).toContain('4.250');
    const recovery = await app.inject({
      method: 'GET',
      url: `/ops/insight/csv/recovery?${query}`,
      headers: { cookie },
    });
    expect(recovery.statusCode).toBe(200);
    expect(recovery.headers['content-type']).toMatch(/^text\/csv/);
    expect(
      (await app.inject({ method: 'GET', url: `/ops/insight/csv/forecast?${query}`, headers: { cookie } }))
        .statusCode,
    ).toBe(404);
    const anonymous = await app.inject({ method: 'GET', url: `/ops/insight/csv/top-customers?${query}` });
    expect(anonymous.statusCode).not.toBe(200);
    expect(anonymous.body).not.toContain('4.250');
  });

  it('leaves a report the service cannot answer with a short message, and renders the rest', async () => {
    const lonely = await startConsole({ CONSOLE_API_KEY: testAdminKey, INVOICES_URL: invoicesUrl });
    try {
      const body = await page(period, lonely.app, await signIn(lonely.app));
      expect(body).toContain('data-unavailable="recovery"');
      expect(body).toContain('data-unavailable="collectors"');
      expect(body).toContain('data-reason="logistics"');
      expect(body).not.toContain('data-unavailable="provision"');
    } finally {
      await lonely.close();
    }
  });

  it('shows the dashboard’s monthly KPIs from one trends report, each with its target and whether it is met', async () => {
    const response = await app.inject({ method: 'GET', url: '/ops', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const trends = await json<TrendsReport>(invoicesUrl, '/v1/reports/trends?months=6');
    const lines = trends.months.flatMap((m) => m.currencies.map((c) => ({ month: m.month, ...c })));
    // The invoice issued 40 days ago is in a whole month before this one.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const row = new RegExp(
        `<table class="trend" data-currency="${line.currency}">[\\s\\S]*?<tr data-period="${line.month}">(.*?)</tr>`,
      ).exec(response.body)?.[1];
      for (const metric of [
        'dso',
        'arTurnover',
        'overdueRatio',
        'over90Share',
        'badDebtRate',
        'cei',
      ] as const) {
        const figure = line[metric];
        const met = figure.value === null ? '' : String(figure.met);
        expect(row).toContain(`data-metric="${metric}" data-value="${figure.value ?? ''}" data-met="${met}"`);
      }
    }
    expect(response.body).toMatch(/<td class="num">≤ 45<\/td>/);
    expect(response.body).toContain('target missed');
  });
});
