import { kafkaMigrations } from '@dunning/kafka';
import { outboxMigrations } from '@dunning/outbox';
import { createPool, migrate, withTransaction } from '@dunning/pg';
import { dropSchemas, testAdminKey, testInfra, uniqueName } from '@dunning/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/commands/command-context.ts';
import { planCases } from '../src/commands/plan-case.ts';
import { runDueSteps } from '../src/commands/run-due-steps.ts';
import { loadConfig } from '../src/config.ts';
import { dunningMigrations } from '../src/db/migrations.ts';
import { seedPolicy } from '../src/db/policies.queries.ts';
import { defaultPolicies } from '../src/domain/default-policies.ts';
import { stepLatenessSeconds, stepsRun } from '../src/metrics.ts';
import { issued } from './support/ledger-feed.ts';

// The step runner on a clock of its own (real days, no send windows, no consolidation window), so
// every decision is checked at exact instants: no timers run here, each run is asked for.
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00Z'); // overdueAt of the first invoice (due Oct 31)
const infra = testInfra();
const schema = uniqueName('dunrun');
let pool: pg.Pool;
let context: CommandContext;
let now = new Date(T0);

interface ActionRow {
  data: {
    step: string;
    level: number;
    channel: string;
    deadline?: string;
    invoices: { invoiceId: string; currency: string; level?: number }[];
  };
}

beforeAll(async () => {
  await migrate({
    databaseUrl: infra.databaseUrl,
    schema,
    sets: [kafkaMigrations, outboxMigrations, dunningMigrations],
  });
  pool = createPool({ connectionString: infra.databaseUrl, schema, applicationName: 'run-due-steps-test' });
  const config = loadConfig({
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${schema}.`,
    DB_SCHEMA: schema,
    ADMIN_API_KEY: testAdminKey,
    PORT: '0',
    DAY_MS: String(DAY),
    SEND_WINDOWS: 'off',
    CONSOLIDATION_WINDOW_DAYS: '0',
  });
  context = { config, now: () => now };
  for (const [policyId, body] of Object.entries(defaultPolicies)) await seedPolicy(pool, policyId, body);
  await pool.query(`INSERT INTO dunning_customers (customer_id, time_zone) VALUES ('c-sh', 'Asia/Shanghai')`);
});
afterAll(async () => {
  await pool?.end();
  await dropSchemas(infra.databaseUrl, [schema]);
});

async function open(invoiceId: string, overdueAtMs: number, currency = 'EUR', amount = '1000.00') {
  const event = issued('c-sh', invoiceId, new Date(overdueAtMs), amount, currency);
  await withTransaction(pool, (tx) =>
    planCases(tx, context, [{ data: event.data, eventId: event.id, recordedAt: now }]),
  );
}

/** Runs whatever is due at `atMs`, as a timer firing for every due step would. */
async function runAt(atMs: number) {
  now = new Date(atMs);
  const due = await pool.query<{ step_id: string }>(
    `SELECT step_id FROM dunning_steps WHERE status = 'scheduled' AND run_at <= $1`,
    [now],
  );
  const before = (await pool.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM outbox')).rows[0]!
    .id;
  await runDueSteps(
    pool,
    context,
    due.rows.map((r) => r.step_id),
  );
  const actions = await pool.query<{ event: ActionRow }>(
    `SELECT event FROM outbox WHERE id > $1 AND event->>'type' = 'dunning.action.requested' ORDER BY id`,
    [before],
  );
  return actions.rows.map((r) => r.event).filter((e) => e.data.channel === 'email');
}

const stepOf = async (invoiceId: string, name: string) =>
  (
    await pool.query<{
      status: string;
      status_reason: string | null;
      run_at: Date;
      notice_level: number | null;
    }>(
      'SELECT status, status_reason, run_at, notice_level FROM dunning_steps WHERE invoice_id = $1 AND name = $2',
      [invoiceId, name],
    )
  ).rows[0]!;

describe('running due steps: levels, consolidation per currency and day, deadlines', () => {
  it('consolidates one customer and currency at the highest level, each invoice at its own', async () => {
    await open('i-d', T0);
    expect((await runAt(T0 + 6 * DAY)).map((a) => [a.data.step, a.data.level])).toEqual([['reminder', 1]]);
    // A second invoice whose reminder falls due exactly when the first one's overdue notice does.
    await open('i-e', T0 + 23 * DAY);
    const [notice, ...more] = await runAt(T0 + 29 * DAY);
    expect(more).toEqual([]);
    expect(notice!.data).toMatchObject({ step: 'overdue-notice', level: 2 });
    expect(notice!.data.invoices.map((i) => [i.invoiceId, i.level])).toEqual([
      ['i-d', 2],
      ['i-e', 1],
    ]);
    expect(notice!.data.deadline).toBeUndefined();
    expect((await stepOf('i-e', 'reminder')).notice_level).toBe(1);
  });

  it('postpones a second notice in one currency the same local day; another currency goes out', async () => {
    // Nov 30 00:00 UTC was 08:00 in Shanghai: a reminder due at 10:00 there is the same local day.
    const at = T0 + 29 * DAY + 2 * 3_600_000;
    await open('i-f', at - 6 * DAY);
    await open('i-g', at - 6 * DAY, 'USD');
    const sent = await runAt(at);
    expect(sent.map((a) => a.data.invoices.map((i) => i.invoiceId))).toEqual([['i-g']]);
    const postponed = await stepOf('i-f', 'reminder');
    expect(postponed.status).toBe('scheduled');
    // The next day in Shanghai starts at 16:00 UTC.
    expect(postponed.run_at.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const timeline = await pool.query<{ detail: { reason: string } }>(
      `SELECT detail FROM case_timeline WHERE invoice_id = 'i-f' AND kind = 'postponed'`,
    );
    expect(timeline.rows.map((r) => r.detail.reason)).toEqual(['one notice a day per customer and currency']);
    expect(
      (await runAt(Date.parse('2026-11-30T16:00:00Z'))).map((a) => a.data.invoices[0]!.invoiceId),
    ).toEqual(['i-f']);
  });

  it('dates a final notice deadlineDays ahead in the customer’s zone', async () => {
    const sent = await runAt(T0 + 59 * DAY); // i-d's final notice: Dec 30 08:00 in Shanghai
    const final = sent.find((a) => a.data.level === 3)!;
    expect(final.data.invoices.find((i) => i.invoiceId === 'i-d')!.level).toBe(3);
    expect(final.data.deadline).toBe('2027-01-09');
  });

  it('counts each step run at its level, and how late it ran, once its transaction committed', async () => {
    await pool.query(`INSERT INTO dunning_customers (customer_id, time_zone) VALUES ('c-m', 'UTC')`);
    const event = issued('c-m', 'i-m', new Date(T0), '1000.00', 'EUR');
    await withTransaction(pool, (tx) =>
      planCases(tx, context, [{ data: event.data, eventId: event.id, recordedAt: now }]),
    );
    const reminder = await pool.query<{ step_id: string; run_at: Date }>(
      `SELECT step_id, run_at FROM dunning_steps WHERE invoice_id = 'i-m' AND name = 'reminder'`,
    );
    const { step_id: stepId, run_at: runAt } = reminder.rows[0]!;
    const read = async () => {
      const lateness = (await stepLatenessSeconds.get()).values;
      const value = (name: string) => lateness.find((v) => v.metricName === name)?.value ?? 0;
      const level1 = (await stepsRun.get()).values.find((v) => v.labels.level === '1')?.value ?? 0;
      return {
        count: value('dunning_step_lateness_seconds_count'),
        sum: value('dunning_step_lateness_seconds_sum'),
        level1,
      };
    };
    const before = await read();
    now = new Date(runAt.getTime() + 90_000);
    await runDueSteps(pool, context, [stepId]);
    const after = await read();
    expect(after.count - before.count).toBe(1);
    expect(after.sum - before.sum).toBeCloseTo(90, 6);
    expect(after.level1 - before.level1).toBe(1);
    // Asked again: nothing runs, nothing is counted.
    await runDueSteps(pool, context, [stepId]);
    expect(await read()).toEqual(after);
  });
});
