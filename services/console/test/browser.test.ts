import { join } from 'node:path';
import { type PlatformUnderTest, platformUnderTest } from '@dunning/e2e';
import { adminAuth, testAdminKey, waitFor } from '@dunning/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, type Person, startBrowser } from './browser/browser-session.ts';
import { customerPage, loginPage, proposalPage, usersPage, worklistPage } from './browser/pages.ts';
import { ADMIN_PASSWORD, startConsole } from './console-under-test.ts';

// One simulated day per second: an invoice due today is overdue after a second and its day-7
// reminder (with the collector's call task) runs about seven seconds later.
const DAY_MS = 1000;
// Set to a folder (docs/console) to keep screenshots of the main pages for the documentation.
const screenshotsDir = process.env.CONSOLE_SCREENSHOTS_DIR;
const snap = async (person: Person, name: string) => {
  if (screenshotsDir)
    await person.page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
};
const isoDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

describe('the console in a real browser, against the whole platform', () => {
  let platform: PlatformUnderTest;
  let console_: Awaited<ReturnType<typeof startConsole>>;
  let browser: BrowserSession;
  let invoicesUrl: string;
  // The people of the journey, signed in by its first steps; each step below builds on the one before.
  let admin: Person;
  let zhao: Person;
  let ops: Person;
  let taskId: string;

  const api = async (url: string, method = 'GET', body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: { ...adminAuth, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${url}`).toBeLessThan(300);
    return response.json();
  };

  beforeAll(async () => {
    platform = platformUnderTest({ dayMs: DAY_MS });
    const listen = async (service: { app: { listen(o: { host: string; port: number }): Promise<string> } }) =>
      service.app.listen({ host: '127.0.0.1', port: 0 });
    // The four services start together, as a deployment starts them.
    const [urlOfInvoices, creditRiskUrl, dunningUrl, notificationsUrl] = await Promise.all([
      platform.startInvoices().then(listen),
      platform.startCreditRisk().then(listen),
      platform.startDunning().then(listen),
      platform.startNotifications().then(listen),
    ]);
    invoicesUrl = urlOfInvoices;
    console_ = await startConsole({
      CONSOLE_API_KEY: testAdminKey,
      INVOICES_URL: invoicesUrl,
      CREDIT_RISK_URL: creditRiskUrl,
      DUNNING_URL: dunningUrl,
      NOTIFICATIONS_URL: notificationsUrl,
      // Secure cookies, as in production: browsers keep them on http://127.0.0.1.
      CONSOLE_COOKIE_SECURE: 'true',
    });
    const consoleUrl = await console_.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await startBrowser(consoleUrl);

    for (const [collectorId, name, customerId] of [
      ['col-web-1', 'Zhao Lei', 'cust-web-1'],
      ['col-web-2', 'Chen Jing', 'cust-web-2'],
    ]) {
      await api(`${dunningUrl}/v1/collectors/${collectorId}`, 'PUT', {
        name,
        languages: ['en'],
        capacity: 50,
        portfolio: [customerId],
      });
    }
    const customer = (name: string, collectorId: string) => ({
      name,
      email: 'ap@example.com',
      phone: '+8613800138000',
      locale: 'en',
      timezone: 'Asia/Shanghai',
      industry: 'wholesale',
      address: { line1: '1 Harbour Road', city: 'Shanghai', country: 'CN' },
      paymentTermsDays: 30,
      collectorId,
    });
    await api(`${invoicesUrl}/v1/customers/cust-web-1`, 'PUT', customer('Harbour Trading Co.', 'col-web-1'));
    await api(
      `${invoicesUrl}/v1/customers/cust-web-2`,
      'PUT',
      customer('Second Portfolio Ltd.', 'col-web-2'),
    );
    // Another collector's customer without a task anyone could be given.
    await api(`${invoicesUrl}/v1/customers/cust-web-3`, 'PUT', customer('Other Portfolio Ltd.', 'col-web-2'));
    // A customer of the first collector whose invoice is issued once a block holds it.
    await api(`${invoicesUrl}/v1/customers/cust-web-4`, 'PUT', customer('Blocked Goods Ltd.', 'col-web-1'));
    for (const [invoiceId, customerId, amount] of [
      ['inv-web-1', 'cust-web-1', '12500.00'],
      ['inv-web-2', 'cust-web-2', '800.00'],
    ] as const) {
      await api(`${invoicesUrl}/v1/invoices`, 'POST', {
        invoiceId,
        customerId,
        number: `N-${invoiceId}`,
        currency: 'CNY',
        amount,
        issueDate: isoDate(0),
        dueDate: isoDate(0),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await console_?.close();
    await platform?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const kept = await browser.keepEvidence(context.task.name);
    console.error(`evidence kept:\n${kept.join('\n')}`);
  });

  it('lets an admin add a collector and an ops user, and the collector claim the ladder’s task', async () => {
    admin = await browser.person('admin');
    await loginPage.signIn(admin, 'root', ADMIN_PASSWORD);
    await usersPage.addUser(admin, {
      username: 'zhao',
      password: 'collector-password-1',
      role: 'collector',
      collectorId: 'col-web-1',
    });
    await usersPage.addUser(admin, {
      username: 'ops',
      password: 'ops-password-1234',
      role: 'ops',
      locale: 'zh-CN',
    });

    // The collector finds the call task the ladder just created, claims it, records a promise.
    zhao = await browser.person('collector');
    await loginPage.signIn(zhao, 'zhao', 'collector-password-1');
    expect(new URL(zhao.page.url()).pathname).toBe('/worklist');
    taskId = await worklistPage.waitForTaskOf(zhao, 'cust-web-1', 45_000);
    // A second tab on the worklist hears of the claim through the relayed task feed.
    const secondTab = await zhao.context.newPage();
    await secondTab.goto('/worklist');
    await secondTab.waitForTimeout(500);
    await worklistPage.claim(zhao, taskId);
    await secondTab.locator('#live-notice').waitFor({ state: 'visible', timeout: 10_000 });
    await secondTab.close();
    await snap(zhao, 'worklist');
  });

  it('filters the worklist and records a promise that pauses the case on the customer page', async () => {
    // The filter: only the bucket chosen keeps tasks (the claimed call task is not promised yet).
    await worklistPage.filterByBucket(zhao, 'promised');
    expect(await zhao.page.locator(`tr[data-task-id="${taskId}"]`).count()).toBe(0);
    for (const bucket of ['act-now', 'disputed', 'at-risk']) {
      expect(await zhao.page.locator(`#b-${bucket}`).textContent()).toContain('(0)');
    }
    await worklistPage.filterByBucket(zhao, '');
    await zhao.page.getByRole('link', { name: 'cust-web-1' }).first().click();
    // The customer page asks all four services: allow a busy machine more than expect.poll's one second.
    await expect
      .poll(() => zhao.page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain('Harbour Trading Co.');
    expect(await zhao.page.locator('#open-items').textContent()).toContain('N-inv-web-1');
    await customerPage.recordPromise(zhao, 'cust-web-1', {
      taskId,
      date: isoDate(300),
      amount: '12500.00',
    });
    await waitFor(
      async () => (await customerPage.caseStatus(zhao, 'cust-web-1', 'N-inv-web-1')) === 'paused',
      {
        what: 'the case paused on the customer page',
        timeoutMs: 15_000,
      },
    );

    await snap(zhao, 'customer');
  });

  it('shows the notice sent, keeps notes, opens disputes and keeps a collector to their portfolio', async () => {
    // The reminder email the ladder sent, as the customer read it.
    const emailRow = zhao.page.locator('tr', {
      has: zhao.page.getByRole('cell', { name: 'email', exact: true }),
    });
    await emailRow.first().getByRole('link').click();
    await zhao.page.locator('pre.notice-text').waitFor();
    await zhao.checkAccessibility();
    expect(await zhao.page.locator('pre.notice-text').textContent()).toContain('N-inv-web-1');
    // A note, kept in the console's audit log and shown on the customer page.
    await zhao.open('/customers/cust-web-1');
    await zhao.page.locator('#n-note').fill('Asked for the remittance advice');
    await zhao.page.locator('form[action$="/note"]').getByRole('button').click();
    await zhao.page.locator('#notes').getByText('Asked for the remittance advice').waitFor();
    await zhao.checkAccessibility();

    // A dispute opened from the console reaches the ledger.
    await customerPage.openDispute(zhao, 'cust-web-1', 'N-inv-web-1', 'Goods arrived damaged');
    expect(await customerPage.invoiceStatus(zhao, 'cust-web-1', 'N-inv-web-1')).toContain('disputed');

    // Another collector's customer: a 403 page.
    const other = await zhao.page.goto('/customers/cust-web-3');
    expect(other?.status()).toBe(403);
    await zhao.checkAccessibility();
    expect(await zhao.page.textContent('body')).not.toContain('Other Portfolio');

    // A form posted without its CSRF token is refused, even with the session cookie.
    const forged = await zhao.page.request.post('/customers/cust-web-1/note', { form: { note: 'forged' } });
    expect(forged.status()).toBe(403);
  });

  it('lets a collector place a block on the customer page, recorded as theirs', async () => {
    // A block placed on the customer page holds the customer's cases, also those opened after it.
    await customerPage.placeBlock(zhao, 'cust-web-4', { reason: 'vip', note: 'Key account: call first' });
    // Dunning records the block as placed by the console's key for the signed-in collector.
    const placedRow = (await zhao.open('/customers/cust-web-4')).locator(
      '#blocks tr[data-reason="vip"][data-active="true"]',
    );
    expect(await placedRow.textContent()).toContain(':zhao');
    expect(
      (await zhao.page.request.post('/customers/cust-web-4/blocks', { form: { reason: 'manual' } })).status(),
    ).toBe(403);
    await api(`${invoicesUrl}/v1/invoices`, 'POST', {
      invoiceId: 'inv-web-4',
      customerId: 'cust-web-4',
      number: 'N-inv-web-4',
      currency: 'CNY',
      amount: '3000.00',
      issueDate: isoDate(0),
      dueDate: isoDate(0),
    });
  });

  it('shows ops (in Chinese) the aging the ledger reports, the KPI trend, cases, deliveries and effectiveness', async () => {
    // Ops (in Chinese) see the aging figures the ledger reports.
    ops = await browser.person('ops');
    await loginPage.signIn(ops, 'ops', 'ops-password-1234');
    expect(await ops.page.getAttribute('html', 'lang')).toBe('zh-CN');
    const report = (await api(`${invoicesUrl}/v1/reports/aging`)) as {
      currencies: {
        currency: string;
        buckets: { bucket: string; amount: string; count: number }[];
        total: { amount: string; count: number };
      }[];
    };
    const shown = await ops.page.locator('table.aging tr[data-bucket]').evaluateAll((rows) =>
      rows.map((row) => ({
        currency: row.closest('table')?.getAttribute('data-currency'),
        bucket: row.getAttribute('data-bucket'),
        amount: row.getAttribute('data-amount'),
        count: Number(row.getAttribute('data-count')),
      })),
    );
    const expected = report.currencies.flatMap((line) => [
      ...line.buckets.map((b) => ({
        currency: line.currency,
        bucket: b.bucket,
        amount: b.amount,
        count: b.count,
      })),
      { currency: line.currency, bucket: 'total', amount: line.total.amount, count: line.total.count },
    ]);
    expect(shown).toEqual(expected);
    expect(expected.find((row) => row.bucket === 'total')).toMatchObject({ amount: '16300.00', count: 3 });
    expect(await ops.page.locator('section[aria-labelledby^="aging-"] svg.chart').count()).toBe(
      report.currencies.length,
    );
    // The KPI trend per currency over whole past months (a table and six SVG charts each; none while
    // the platform has no past month: test/insight.test.ts checks the figures), cases per level, and
    // the reminder email counted as sent on its channel.
    const trendTables = await ops.page.locator('table.trend').count();
    expect(await ops.page.locator('svg.trend-chart').count()).toBe(6 * trendTables);
    const casesShown = await ops.page
      .locator('#cases-by-level tr[data-cases]')
      .evaluateAll((rows) => rows.reduce((n, row) => n + Number(row.getAttribute('data-cases')), 0));
    expect(casesShown).toBeGreaterThan(0);
    expect(
      Number(await ops.page.locator('#deliveries tr[data-channel="email"]').getAttribute('data-sent')),
    ).toBeGreaterThan(0);
    // The ladder's reminder went out by email: the effectiveness table counts it.
    expect(
      await ops.page.locator('#effectiveness tr[data-step="reminder"][data-action="email"]').count(),
    ).toBe(1);
    await snap(ops, 'dashboard.zh-CN');
    await admin.open('/ops');
    await snap(admin, 'dashboard.en');
  });

  it('excludes the blocked customer’s notices in the proposal with a preview, until the block is lifted', async () => {
    // The run proposal shows the blocked customer's notices as excluded, with the block's reason code.
    await waitFor(async () => (await proposalPage.exclusions(ops, 'cust-web-4')).includes('vip'), {
      what: 'the blocked customer excluded in the proposal',
      timeoutMs: 20_000,
    });
    expect(
      await ops.page.locator('#proposal tr[data-excluded="vip"] td.excluded').first().textContent(),
    ).toContain('vip');
    await ops.page
      .locator('#proposal tr[data-excluded="vip"]')
      .first()
      .getByRole('link', { name: /预览/ })
      .click();
    await ops.page.locator('#preview-text').waitFor();
    await ops.checkAccessibility();
    expect(await ops.page.locator('#preview-text').textContent()).toContain('N-inv-web-4');
    const letter = await ops.page.request.get(
      (await ops.page.getAttribute('#preview-letter', 'href')) as string,
    );
    expect(letter.headers()['content-type']).toContain('application/pdf');
    await admin.open('/ops/proposal?excluded=yes');
    await snap(admin, 'proposal');
    // Lifted on the customer page, the block no longer holds anything back.
    await customerPage.liftBlock(zhao, 'cust-web-4', 'vip');
    expect(await proposalPage.exclusions(ops, 'cust-web-4')).not.toContain('vip');
  });

  it('lets an admin hand an invoice to legal and take it back', async () => {
    // An admin hands the other customer's invoice to legal; its case shows it.
    await customerPage.handToLegal(admin, 'cust-web-2', 'N-inv-web-2', 'Ignored three notices');
    expect(await customerPage.caseStatus(admin, 'cust-web-2', 'N-inv-web-2')).toBe('legal');
    // The legal queue, linked in the navigation, passes axe (in Chinese for ops).
    await ops.open('/legal');
    expect(await ops.page.locator('nav a[href="/legal"]').count()).toBe(1);
    expect(await ops.page.locator('#legal-count').textContent()).toMatch(/\d/);
    // And takes it back: the case leaves legal (paused or active again, as it was underneath).
    await customerPage.takeBackFromLegal(admin, 'cust-web-2', 'N-inv-web-2', 'Customer called to settle');
    expect(await customerPage.caseStatus(admin, 'cust-web-2', 'N-inv-web-2')).not.toBe('legal');
  });

  it('lets ops read every customer without acting, and open the insight page, the platform page and the relayed docs', async () => {
    // Ops read every customer but do not act on them.
    await ops.open('/customers/cust-web-1');
    expect(await ops.page.locator('#open-items').textContent()).toContain('N-inv-web-1');
    expect(await ops.page.locator('form[action$="/note"]').count()).toBe(0);
    const token = await ops.page.locator('input[name="_csrf"]').first().inputValue();
    const refused = await ops.page.request.post('/customers/cust-web-1/note', {
      form: { _csrf: token, note: 'x' },
    });
    expect(refused.status()).toBe(403);

    // The receivables insight page: every section loads its report in place, and axe checks the page
    // again once all six are in.
    await ops.open('/ops/insight');
    await ops.page.locator('div.insight-part[data-report]').nth(5).waitFor();
    expect(await ops.page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await ops.page.locator('[data-unavailable]').count()).toBe(0);
    expect(await ops.page.locator('table#collector-performance').count()).toBe(1);
    await ops.checkAccessibility();
    await ops.open('/ops/platform');
    expect(await ops.page.locator('#services tr[data-service]').count()).toBe(4);
    // The services' docs and queue boards, relayed under the console session (no API key in the browser).
    const docs = await ops.page.request.get('/ops/relay/invoices/docs/json');
    expect(docs.status()).toBe(200);
    expect((await docs.json()).paths).toHaveProperty(['/v1/reports/aging']);
    const ui = await ops.page.goto('/ops/relay/dunning/docs/');
    expect(ui?.status()).toBe(200);
    const board = await ops.page.request.get('/ops/relay/dunning/ops/queues/api/queues');
    expect(board.status()).toBe(200);
    expect((await zhao.page.request.get('/ops/relay/invoices/docs/json')).status()).toBe(403);
    expect((await ops.page.request.get('/ops/relay/invoices/v1/reports/aging')).status()).toBe(404);
  });
});
