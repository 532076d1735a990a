import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { adminAuth, waitFor } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, invoiceBody, type PlatformUnderTest, platformUnderTest } from '../src/index.ts';
import type { ServiceName } from '../src/platform-under-test.ts';

const CUSTOMERS = 20;
const INVOICES = 200;

// The read models as rows; the columns left out are bookkeeping, not projection (see the READMEs).
const SNAPSHOTS: Record<'credit-risk' | 'notifications', Record<string, string>> = {
  'credit-risk': {
    risk_customers: 'SELECT customer_id, industry, first_seen_at FROM risk_customers ORDER BY 1',
    risk_invoices: 'SELECT * FROM risk_invoices ORDER BY invoice_id',
    risk_payments: 'SELECT * FROM risk_payments ORDER BY payment_id, invoice_id',
    risk_settlements: 'SELECT * FROM risk_settlements ORDER BY invoice_id',
    risk_part_payments: 'SELECT * FROM risk_part_payments ORDER BY source_id, invoice_id',
    risk_promises: 'SELECT * FROM risk_promises ORDER BY promise_id',
    risk_disputes: 'SELECT * FROM risk_disputes ORDER BY dispute_id',
    risk_hold_requests: 'SELECT * FROM risk_hold_requests ORDER BY customer_id, step, requested_at',
  },
  notifications: {
    customers: 'SELECT customer_id, profile FROM customers ORDER BY 1',
    invoice_balances:
      'SELECT invoice_id, customer_id, balance_minor, status, fact_at FROM invoice_balances ORDER BY 1',
  },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function replay(platform: PlatformUnderTest, service: 'credit-risk' | 'notifications'): Promise<Run> {
  const script = fileURLToPath(
    new URL(`../../../../services/${service}/scripts/replay-read-models.ts`, import.meta.url),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      { env: { ...process.env, ...platform.env(service as ServiceName) }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('replaying read models from Kafka', () => {
  let platform: PlatformUnderTest;
  let stopCreditRisk: () => Promise<void>;
  let stopNotifications: () => Promise<void>;
  let invoicesApp: Awaited<ReturnType<PlatformUnderTest['startInvoices']>>['app'];
  const recorded: Record<string, unknown[]> = {};

  const snapshot = async (service: 'credit-risk' | 'notifications') => {
    const rows: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(SNAPSHOTS[service])) {
      rows[table] = (await platform.pool(service).query(sql)).rows;
    }
    return rows;
  };

  beforeAll(async () => {
    platform = platformUnderTest();
    const invoices = await platform.startInvoices();
    const creditRisk = await platform.startCreditRisk();
    const notifications = await platform.startNotifications();
    stopCreditRisk = () => creditRisk.stop();
    stopNotifications = () => notifications.stop();
    invoicesApp = invoices.app;
    const post = async (method: string, url: string, payload: Record<string, unknown>) => {
      const response = await invoices.app.inject({ headers: adminAuth, method, url, payload });
      expect(response.statusCode, response.body).toBeLessThan(300);
    };
    for (let c = 0; c < CUSTOMERS; c++)
      await post('PUT', `/v1/customers/c-${c}`, customerBody(`Customer ${c}`));
    // A second version of some profiles: the directory keeps the latest.
    for (let c = 0; c < CUSTOMERS; c += 4) {
      await post('PUT', `/v1/customers/c-${c}`, {
        ...customerBody(`Customer ${c} Ltd`),
        industry: 'construction',
      });
    }
    for (let i = 0; i < INVOICES; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          post('POST', '/v1/invoices', invoiceBody(`inv-${i + k}`, `c-${(i + k) % CUSTOMERS}`, '1000.00')),
        ),
      );
    }
    // Paid in full, in part, and left open.
    for (let i = 0; i < INVOICES; i += 2) {
      await post('POST', '/v1/payments', {
        paymentId: `pay-${i}`,
        invoiceId: `inv-${i}`,
        amount: i % 4 === 0 ? '1000.00' : '250.00',
        currency: 'CNY',
        receivedAt: new Date().toISOString(),
      });
    }
    const counts = async () => {
      const risk = platform.pool('credit-risk');
      const one = async (sql: string) => (await risk.query<{ n: number }>(sql)).rows[0]!.n;
      return [
        await one('SELECT count(*)::int AS n FROM risk_invoices'),
        await one('SELECT count(DISTINCT payment_id)::int AS n FROM risk_payments'),
        await one('SELECT count(*)::int AS n FROM risk_settlements'),
        await one('SELECT count(*)::int AS n FROM risk_part_payments'),
        (
          await platform
            .pool('notifications')
            .query<{ n: number }>('SELECT count(*)::int AS n FROM customers')
        ).rows[0]!.n,
        (
          await platform
            .pool('notifications')
            .query<{ n: number }>(
              "SELECT count(*)::int AS n FROM customers WHERE profile->>'name' LIKE '%Ltd'",
            )
        ).rows[0]!.n,
      ].join(',');
    };
    const expected = [INVOICES, INVOICES / 2, INVOICES / 4, INVOICES / 4, CUSTOMERS, CUSTOMERS / 4].join(',');
    await waitFor(async () => (await counts()) === expected, {
      what: `read models at ${expected}`,
      timeoutMs: 60_000,
    });
    recorded['credit-risk'] = Object.values(await snapshot('credit-risk')).flat();
    recorded.notifications = Object.values(await snapshot('notifications')).flat();
  }, 120_000);
  afterAll(() => platform?.close());

  it('is refused while the service runs, and changes nothing', async () => {
    const run = await replay(platform, 'credit-risk');
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/refused: credit-risk is running/);
    expect(Object.values(await snapshot('credit-risk')).flat()).toEqual(recorded['credit-risk']);
  });

  it('rebuilds emptied tables row for row from the topics, the service stopped', async () => {
    await stopCreditRisk();
    await stopNotifications();
    await platform
      .pool('credit-risk')
      .query(
        'TRUNCATE risk_customers, risk_invoices, risk_payments, risk_settlements, risk_part_payments, risk_promises, risk_disputes, risk_hold_requests',
      );
    await platform.pool('notifications').query('TRUNCATE customers, invoice_balances');
    expect(Object.values(await snapshot('credit-risk')).flat()).toEqual([]);

    const events: Record<string, number> = {};
    for (const service of ['credit-risk', 'notifications'] as const) {
      const run = await replay(platform, service);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const summary = JSON.parse(/^summary (.*)$/m.exec(run.stdout)![1]!);
      console.log(`${service} replay: ${/^rebuilt: (.*)$/m.exec(run.stdout)![1]}`);
      expect(summary.invalid + summary.rejected).toBe(0);
      events[service] = summary.events;
      expect(Object.values(await snapshot(service)).flat()).toEqual(recorded[service]);
    }
    // At least 25 customer upserts, 200 issued invoices and 100 payments were read back.
    expect(events['credit-risk']).toBeGreaterThanOrEqual(CUSTOMERS + CUSTOMERS / 4 + INVOICES + INVOICES / 2);
  });

  it('leaves the service consistent: restarted, it applies new events once on the rebuilt model', async () => {
    const creditRisk = await platform.startCreditRisk();
    const response = await invoicesApp.inject({
      headers: adminAuth,
      method: 'POST',
      url: '/v1/payments',
      payload: {
        paymentId: 'pay-after',
        invoiceId: 'inv-2',
        amount: '750.00',
        currency: 'CNY',
        receivedAt: new Date().toISOString(),
      },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    const risk = platform.pool('credit-risk');
    await waitFor(
      async () =>
        (await risk.query("SELECT 1 FROM risk_settlements WHERE invoice_id = 'inv-2'")).rowCount === 1 ||
        undefined,
      { what: 'the new payment in the rebuilt model' },
    );
    // Nothing replayed was applied again by the live consumer: one row per payment application.
    const payments = await risk.query('SELECT payment_id FROM risk_payments');
    expect(payments.rowCount).toBe(INVOICES / 2 + 1);
    await creditRisk.stop();
  });
});
