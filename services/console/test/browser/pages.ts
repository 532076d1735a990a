import type { Page } from 'playwright-core';
import type { Person } from './browser-session.ts';

/** The steps a person takes in the console, one small page object per page. */
export const loginPage = {
  async signIn(person: Person, username: string, password: string): Promise<Page> {
    const page = await person.open('/login');
    await page.getByLabel(/User name|用户名/).fill(username);
    await page.getByLabel(/Password|密码/).fill(password);
    await page.getByRole('button', { name: /Sign in|登录/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await person.checkAccessibility();
    return page;
  },
};

export const usersPage = {
  async addUser(
    person: Person,
    user: { username: string; password: string; role: string; collectorId?: string; locale?: string },
  ): Promise<void> {
    const page = await person.open('/admin/users');
    await page.locator('#u-name').fill(user.username);
    await page.locator('#u-password').fill(user.password);
    await page.locator('#u-role').selectOption(user.role);
    if (user.collectorId) await page.locator('#u-collector').fill(user.collectorId);
    await page.locator('#u-locale').selectOption(user.locale ?? 'en');
    await page.getByRole('button', { name: /Add a user|添加用户/ }).click();
    await page.locator('#users td:first-child').getByText(user.username, { exact: true }).waitFor();
  },
};

export const worklistPage = {
  /** Reloads the worklist until a task of the customer is listed; answers its task id. */
  async waitForTaskOf(person: Person, customerId: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const page = await person.open('/worklist');
      const row = page.locator('tr[data-task-id]', { has: page.getByRole('link', { name: customerId }) });
      if ((await row.count()) > 0) return (await row.first().getAttribute('data-task-id')) as string;
      if (Date.now() > deadline) throw new Error(`no task of ${customerId} on the worklist`);
      await page.waitForTimeout(500);
    }
  },
  /** Filters by bucket with the filter form (htmx swaps the list in place and keeps the URL). */
  async filterByBucket(person: Person, bucket: string): Promise<void> {
    const page = person.page;
    await page.locator('#f-bucket').selectOption(bucket);
    await page.getByRole('button', { name: /Apply|应用/ }).click();
    await page.waitForURL((url) => (url.searchParams.get('bucket') ?? '') === bucket);
    await person.checkAccessibility();
  },
  async claim(person: Person, taskId: string): Promise<void> {
    const page = person.page;
    await page.locator(`input[name="taskId"][value="${taskId}"]`).check();
    await page.getByRole('button', { name: /Claim selected|认领所选/ }).click();
    await page.getByRole('status').waitFor();
    await person.checkAccessibility();
  },
};

export const customerPage = {
  /**
   * Records a promise on the named task. The form preselects the customer's most urgent task, which on a
   * slow run may be a later step's new task that the ladder re-queues to another collector meanwhile.
   */
  async recordPromise(
    person: Person,
    customerId: string,
    promise: { taskId: string; date: string; amount: string },
  ): Promise<void> {
    const { taskId, date, amount } = promise;
    const page = await person.open(`/customers/${customerId}`);
    await page.locator('#o-task').selectOption(taskId);
    await page.locator('#o-outcome').selectOption('promise-to-pay');
    await page.locator('#o-reason').selectOption('cash-flow');
    await page.locator('#o-date').fill(date);
    await page.locator('#o-amount').fill(amount);
    await page.locator('#o-note').fill('Will pay after the month-end close');
    await page.locator('form[action$="/outcome"]').getByRole('button').click();
    await page.getByRole('status').waitFor();
    await person.checkAccessibility();
  },
  async openDispute(
    person: Person,
    customerId: string,
    invoiceNumber: string,
    reason: string,
  ): Promise<void> {
    const page = await person.open(`/customers/${customerId}`);
    await page.locator('#d-invoice').selectOption({ label: invoiceNumber });
    await page.locator('#d-reason').fill(reason);
    await page.locator('form[action$="/dispute"]').getByRole('button').click();
    await page.getByRole('status').waitFor();
    await person.checkAccessibility();
  },
  async handToLegal(
    person: Person,
    customerId: string,
    invoiceNumber: string,
    reason: string,
  ): Promise<void> {
    const page = await person.open(`/customers/${customerId}`);
    await page.locator('#l-invoice').selectOption({ label: invoiceNumber });
    await page.locator('#l-reason').fill(reason);
    await page.locator('form[action$="/legal"]').getByRole('button').click();
    await page.getByRole('status').waitFor();
    await person.checkAccessibility();
  },
  async takeBackFromLegal(
    person: Person,
    customerId: string,
    invoiceNumber: string,
    reason: string,
  ): Promise<void> {
    const page = await person.open(`/customers/${customerId}`);
    await page.locator('#lw-invoice').selectOption({ label: invoiceNumber });
    await page.locator('#lw-reason').fill(reason);
    await page.locator('form[action$="/legal/withdraw"]').getByRole('button').click();
    await page.getByRole('status').waitFor();
    await person.checkAccessibility();
  },
  /** Places a block from the customer page's form (on the whole customer unless an invoice is named). */
  async placeBlock(
    person: Person,
    customerId: string,
    block: { reason: string; note: string; invoiceNumber?: string },
  ): Promise<void> {
    const page = await person.open(`/customers/${customerId}`);
    if (block.invoiceNumber) await page.locator('#b-target').selectOption({ label: block.invoiceNumber });
    await page.locator('#b-reason').selectOption(block.reason);
    await page.locator('#b-note').fill(block.note);
    await page.locator('#place-block').getByRole('button').click();
    await page.getByRole('status').waitFor();
    await page.locator(`#blocks tr[data-reason="${block.reason}"][data-active="true"]`).waitFor();
    await person.checkAccessibility();
  },
  /** Lifts the customer's holding block of that reason code. */
  async liftBlock(person: Person, customerId: string, reason: string): Promise<void> {
    const page = await person.open(`/customers/${customerId}`);
    const row = page.locator(`#blocks tr[data-reason="${reason}"][data-active="true"]`);
    await row.getByRole('button').click();
    await page.getByRole('status').waitFor();
    await page.locator(`#blocks tr[data-reason="${reason}"][data-active="false"]`).waitFor();
    await person.checkAccessibility();
  },
  /** The dunning case's status shown for an invoice, by its number. */
  async caseStatus(person: Person, customerId: string, invoiceNumber: string): Promise<string> {
    const page = await person.open(`/customers/${customerId}`);
    const row = page.locator('#open-items tr', {
      has: page.getByRole('cell', { name: invoiceNumber, exact: true }),
    });
    return (await row.locator('td.case-status').textContent())?.trim() ?? '';
  },
  /** The ledger's status shown for an invoice, by its number. */
  async invoiceStatus(person: Person, customerId: string, invoiceNumber: string): Promise<string> {
    const page = await person.open(`/customers/${customerId}`);
    const row = page.locator('#open-items tr', {
      has: page.getByRole('cell', { name: invoiceNumber, exact: true }),
    });
    return (await row.locator('td').nth(3).textContent())?.trim() ?? '';
  },
};

export const proposalPage = {
  /** The exclusion reason codes of a customer's items in the proposal ('' for a notice that goes out). */
  async exclusions(person: Person, customerId: string): Promise<string[]> {
    const page = await person.open(`/ops/proposal?customerId=${encodeURIComponent(customerId)}`);
    return page
      .locator('#proposal tr[data-customer-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-excluded') ?? ''));
  },
};
