import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, serviceNames } from '@dunning/platform-manifest';
import { type Receivers, startReceivers } from '@dunning/receivers';
import { adminAuth, dropSchemas, testInfra, waitFor } from '@dunning/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type DunningStep, platformClient } from '../src/platform-client.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/platform-under-test.ts';
import { customerBody } from '../src/samples.ts';

// Due in 20 days of 400 ms: the first two steps (days 7 and 30) come due about 11 s and 20 s after
// issue, around the restore (the sweeper runs a step that came due while the platform was down, once);
// the last two stay planned for later.
const DAY_MS = 400;
const root = repositoryRoot;

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('backup and restore of the whole platform', () => {
  let platform: PlatformUnderTest;
  let receivers: Receivers | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'backup-test-'));
  afterAll(async () => {
    await platform?.close();
    await receivers?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every balance and planned step; each step then runs once when due', async () => {
    const infra = testInfra();
    // Email through the SMTP receiver, SMS to the gateway stand-in: both count every arrival.
    receivers = await startReceivers();
    platform = platformUnderTest({ dayMs: DAY_MS, receivers });
    const startServices = async () => {
      const invoices = await platform.startInvoices();
      const creditRisk = await platform.startCreditRisk();
      const dunning = await platform.startDunning();
      const notifications = await platform.startNotifications();
      return {
        apps: {
          invoices: invoices.app,
          creditRisk: creditRisk.app,
          dunning: dunning.app,
          notifications: notifications.app,
        },
        running: [notifications, dunning, creditRisk, invoices],
      };
    };
    let { apps, running } = await startServices();
    const client = () => platformClient(apps);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const invoiceIds = Array.from({ length: 6 }, (_, i) => `inv-${i}`);
    for (const c of [0, 1, 2])
      await client().upsertCustomer(`c-${c}`, {
        ...customerBody(`C${c}`),
        phone: `+86138001380${c}0`,
        timezone: 'UTC',
      });
    for (const [i, invoiceId] of invoiceIds.entries()) {
      await client().issueInvoice({
        invoiceId,
        customerId: `c-${i % 3}`,
        number: `N-${i}`,
        currency: 'CNY',
        amount: `${1000 + i}.00`,
        issueDate: day(0),
        dueDate: day(20),
      });
    }
    await client().pay({
      paymentId: 'pay-0',
      invoiceId: 'inv-0',
      amount: '400.00',
      currency: 'CNY',
      receivedAt: new Date().toISOString(),
    });
    const balances = async () => {
      const out: Record<string, unknown> = {};
      for (const id of invoiceIds) {
        const response = await apps.invoices.inject({
          headers: adminAuth,
          method: 'GET',
          url: `/v1/invoices/${id}`,
        });
        out[id] = (response.json() as { balance: string }).balance;
      }
      return out;
    };
    const plan = async () => {
      const out: Record<string, Pick<DunningStep, 'stepId' | 'name' | 'dueAt'>[]> = {};
      for (const id of invoiceIds) {
        out[id] = ((await client().dunningOf(id))?.steps ?? []).map(({ stepId, name, dueAt }) => ({
          stepId,
          name,
          dueAt,
        }));
      }
      return out;
    };
    const planned = await waitFor(
      async () => {
        const current = await plan();
        return Object.values(current).every((steps) => steps.length === 4) ? current : undefined;
      },
      { what: 'four planned steps per invoice' },
    );
    const before = await balances();
    expect(before['inv-0']).toBe('600.00');

    // Hot backup of this test's schemas only, while the services run.
    const file = join(dir, 'platform.dump');
    const schemas = serviceNames.map((s) => platform.schemaOf(s)).join(',');
    const started = performance.now();
    const backup = await run(process.execPath, ['scripts/backup.ts', '--schemas', schemas, '--file', file], {
      DATABASE_URL: infra.databaseUrl,
    });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backup written: .*platform\.dump/);
    console.log(backup.stdout.trim().split('\n').at(-1));

    // The disaster: services down, this test's schemas and Redis keys gone (never the shared rest).
    await Promise.all(running.map((service) => service.stop()));
    await dropSchemas(infra.databaseUrl, schemas.split(','));
    const pattern = `*${platform.topicPrefix.replace(/\.$/, '')}*`;
    const keys = await run('redis-cli', ['-u', infra.redisUrl, '--scan', '--pattern', pattern]);
    const ours = keys.stdout.split('\n').filter(Boolean);
    expect(ours.length).toBeGreaterThan(0);
    for (let i = 0; i < ours.length; i += 500)
      await run('redis-cli', ['-u', infra.redisUrl, 'DEL', ...ours.slice(i, i + 500)]);

    const restore = await run(
      process.execPath,
      ['scripts/restore.ts', '--file', file, '--rewind-consumers'],
      {
        DATABASE_URL: infra.databaseUrl,
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: platform.topicPrefix,
      },
    );
    expect(restore.code, restore.stderr).toBe(0);
    console.log(restore.stdout.trim().split('\n').slice(-2).join('\n'));
    // A second restore over the restored data is refused without --force.
    const again = await run(process.execPath, ['scripts/restore.ts', '--file', file], {
      DATABASE_URL: infra.databaseUrl,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty.*--force/);

    // Every planned step is back as it was, read before the services start again: on a loaded machine
    // the restore can outlast the time to the first step, which would then run and re-space the rest.
    const db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ invoice_id: string; step_id: string; name: string; due_at: Date }>(
        `SELECT invoice_id, step_id, name, due_at FROM ${platform.schemaOf('dunning')}.dunning_steps
          ORDER BY invoice_id, level, due_at`,
      );
      const restored = Object.fromEntries(invoiceIds.map((id) => [id, [] as unknown[]]));
      for (const row of rows)
        restored[row.invoice_id]?.push({
          stepId: row.step_id,
          name: row.name,
          dueAt: row.due_at.toISOString(),
        });
      expect(restored).toEqual(planned);
    } finally {
      await db.end();
    }

    ({ apps, running } = await startServices());
    console.log(
      `backup, loss, restore and restart in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(await balances()).toEqual(before);

    // The first two steps of every invoice come due after the restart: each runs once, not early.
    const ran = await waitFor(
      async () => {
        const cases = await Promise.all(invoiceIds.map(async (id) => (await client().dunningOf(id))!.steps));
        const due = (steps: DunningStep[]) =>
          ['reminder', 'overdue-notice'].every((name) =>
            steps.some((s) => s.name === name && s.status === 'done'),
          );
        return cases.every(due) ? cases : undefined;
      },
      { what: 'the first two steps of every invoice', timeoutMs: 40_000, intervalMs: 250 },
    );
    for (const steps of ran) {
      const done = steps.filter((s) => s.status === 'done');
      // Each step name done once per invoice, never before it was due.
      expect(new Set(done.map((s) => s.name)).size).toBe(done.length);
      for (const step of done)
        expect(Date.parse(step.executedAt!)).toBeGreaterThanOrEqual(Date.parse(step.dueAt));
    }
    const dunningDb = platform.pool('dunning');
    const runs = await dunningDb.query<{ step_id: string; n: number }>(
      "SELECT step_id, count(*)::int AS n FROM case_timeline WHERE kind = 'run' GROUP BY step_id",
    );
    expect(runs.rows.length).toBeGreaterThanOrEqual(invoiceIds.length * 2);
    expect(runs.rows.filter((row) => row.n !== 1)).toEqual([]);
    // Every email and SMS the steps asked for reached the mail server / SMS gateway exactly once:
    // wait until each notice has its outcome, then count arrivals, which nothing dedupes.
    const notices = await waitFor(
      async () => {
        const rows = await dunningDb.query<{
          action_id: string;
          action: string;
          status: string | null;
          message_id: string | null;
          delivery_id: string | null;
        }>(
          `SELECT a.action_id, a.action, d.status, d.message_id, d.delivery_id
           FROM step_actions a LEFT JOIN ${platform.schemaOf('notifications')}.deliveries d
             ON d.action_id = a.action_id AND d.channel = a.action
           WHERE a.action IN ('email', 'sms')`,
        );
        return rows.rows.every((row) => row.status === 'sent' || row.status === 'failed')
          ? rows.rows
          : undefined;
      },
      { what: 'an outcome for every email and SMS', timeoutMs: 30_000 },
    );
    const emails = notices.filter((n) => n.action === 'email');
    const sms = notices.filter((n) => n.action === 'sms');
    expect(emails.length).toBeGreaterThanOrEqual(invoiceIds.length);
    expect(sms.length).toBeGreaterThan(0);
    expect(notices.filter((n) => n.status !== 'sent')).toEqual([]);
    expect(emails.filter((n) => receivers!.email.timesReceived(n.message_id!) !== 1)).toEqual([]);
    expect(sms.filter((n) => receivers!.sms.timesReceived(n.delivery_id!) !== 1)).toEqual([]);
    // Nothing else arrived either (a resend of any notice would be a second arrival).
    expect([receivers!.email.received, receivers!.sms.received]).toEqual([emails.length, sms.length]);
  }, 120_000);
});
