import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCaseRow } from '../src/db/cases.queries.ts';
import {
  compactEffectivenessChanges,
  type EffectivenessRow,
  effectivenessRows,
  rebuildEffectivenessSummary,
} from '../src/db/reports.queries.ts';
import { insertStepActions } from '../src/db/step-actions.queries.ts';
import type { StepAction } from '../src/domain/policy.ts';
import { effectivenessRowsFromCases } from './support/effectiveness-from-cases.ts';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

const DAY = 86_400_000;

/*
 * Before migration 015: invoice A (EUR 100.00) got a reminder by email and SMS on 10-01 and was paid on
 * 10-05 (4 days: within 7, 14 and 30); invoice B (EUR 50.00) got the reminder email on 10-01 and is open.
 * After it, the service's own writers: B's final notice by letter on 10-20 and C's (JPY 5000, no
 * decimals) reminder email on 10-02; B paid on 10-25 (5 days after the letter, 24 after its reminder);
 * C written off (not a payment); A reopened (its payment reversed). At every stage the kept totals must
 * equal the figures summed from every action and case.
 */
describe('the effectiveness report’s kept totals (migration 015)', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;

  const kept = () => effectivenessRows(pool);
  const reference = (dayMs = DAY) => effectivenessRowsFromCases(pool, dayMs);
  const row = (rows: EffectivenessRow[], step: string, action: string, currency: string) =>
    rows.find((r) => r.step_name === step && r.action === action && r.currency === currency);
  const withClient = async (work: (client: pg.PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await work(client);
    } finally {
      client.release();
    }
  };
  const action = (invoice: string, step: string, name: string, channel: StepAction) => ({
    actionId: `${step}.${channel}`,
    stepId: step,
    customerId: `cu-${invoice}`,
    policyId: 'standard',
    stepName: name,
    action: channel,
    invoiceIds: [invoice],
  });

  beforeAll(async () => {
    migration = await schemaBefore('015_effectiveness-summary.sql');
    pool = migration.pool;
    await pool.query(
      `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
         opened_by_event, overdue_at, status, close_reason, closed_at)
       VALUES ('A', 'cu-A', 'EUR', 10000, 0, '2026-09-01', 'fixture', '2026-09-02', 'closed', 'paid', '2026-10-05'),
              ('B', 'cu-B', 'EUR', 5000, 5000, '2026-09-01', 'fixture', '2026-09-02', 'active', NULL, NULL),
              ('C', 'cu-C', 'JPY', 5000, 5000, '2026-09-01', 'fixture', '2026-09-02', 'active', NULL, NULL)`,
    );
    await pool.query(
      `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids, requested_at)
       VALUES ('SA1.email', 'SA1', 'cu-A', 'standard', 'reminder', 'email', '{A}', '2026-10-01'),
              ('SA1.sms', 'SA1', 'cu-A', 'standard', 'reminder', 'sms', '{A}', '2026-10-01'),
              ('SB1.email', 'SB1', 'cu-B', 'standard', 'reminder', 'email', '{B}', '2026-10-01')`,
    );
    await migration.apply();
  });

  afterAll(async () => {
    await migration?.close();
  });

  it('builds the totals of what was stored before it', async () => {
    const rows = await kept();
    expect(rows).toEqual(await reference());
    expect(row(rows, 'reminder', 'email', 'EUR')).toMatchObject({
      dunned: 2,
      paid7: 1,
      paid30: 1,
      amount7: '10000',
      amount30: '10000',
    });
    expect(row(rows, 'reminder', 'sms', 'EUR')).toMatchObject({ dunned: 1, paid7: 1, amount14: '10000' });
  });

  it('keeps them exact through new actions, payments, write-offs and a reopened case', async () => {
    await withClient(async (client) => {
      await insertStepActions(client, [action('B', 'SB3', 'final-notice', 'letter')], new Date('2026-10-20'));
      await insertStepActions(client, [action('C', 'SC1', 'reminder', 'email')], new Date('2026-10-02'));
    });
    expect(await kept()).toEqual(await reference());

    await withClient(async (client) => {
      await closeCaseRow(client, 'B', { reason: 'paid', at: new Date('2026-10-25'), settled: true });
      await closeCaseRow(client, 'C', { reason: 'written-off', at: new Date('2026-10-26'), settled: false });
    });
    const afterPayments = await kept();
    expect(afterPayments).toEqual(await reference());
    // B's letter: paid 5 days after it; B's reminder: 24 days after it (within 30 only).
    expect(row(afterPayments, 'final-notice', 'letter', 'EUR')).toMatchObject({
      dunned: 1,
      paid7: 1,
      amount7: '5000',
    });
    expect(row(afterPayments, 'reminder', 'email', 'EUR')).toMatchObject({
      dunned: 2,
      paid7: 1,
      paid14: 1,
      paid30: 2,
      amount30: '15000',
    });
    // C was written off, not paid: dunned, never recovered.
    expect(row(afterPayments, 'reminder', 'email', 'JPY')).toMatchObject({
      dunned: 1,
      paid30: 0,
      amount30: '0',
    });

    // A's payment reversed: the case is open again and its actions recovered nothing.
    await pool.query(
      `UPDATE dunning_cases SET status = 'active', close_reason = NULL, closed_at = NULL, balance_minor = 10000
       WHERE invoice_id = 'A'`,
    );
    const afterReopen = await kept();
    expect(afterReopen).toEqual(await reference());
    expect(row(afterReopen, 'reminder', 'sms', 'EUR')).toMatchObject({ dunned: 1, paid7: 0, amount30: '0' });
  });

  it('reads the same once the log is folded into the totals', async () => {
    const before = await kept();
    expect(await compactEffectivenessChanges(pool, 2)).toBe(2);
    expect(await kept()).toEqual(before);
    while ((await compactEffectivenessChanges(pool, 100)) > 0);
    expect((await pool.query('SELECT count(*)::int AS n FROM effectiveness_changes')).rows[0].n).toBe(0);
    expect(await kept()).toEqual(before);
  });

  it('is rebuilt for another DAY_MS, once', async () => {
    // One-second days: every payment came weeks of such days after its action.
    expect(await rebuildEffectivenessSummary(pool, 1000)).toBe(true);
    expect(await rebuildEffectivenessSummary(pool, 1000)).toBe(false);
    const rows = await kept();
    expect(rows).toEqual(await reference(1000));
    expect(rows.every((r) => r.paid30 === 0)).toBe(true);
    expect(rows.reduce((sum, r) => sum + r.dunned, 0)).toBe(5);
  });
});
