import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

const MIGRATION = '009_customer-policy-and-legal.sql';

describe('migration 009 on a database with tasks, customers and a renamed close-reason check', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;

  beforeAll(async () => {
    migration = await schemaBefore(MIGRATION);
    pool = migration.pool;
  });
  afterAll(async () => {
    await migration?.close();
  });

  it('keeps every row, puts existing tasks in the collectors’ queue and allows the new close reasons', async () => {
    // Another migration may have replaced the check under another name: it is found by its column.
    await pool.query(`ALTER TABLE collector_tasks DROP CONSTRAINT collector_tasks_close_reason_check`);
    await pool.query(`ALTER TABLE collector_tasks ADD CONSTRAINT some_other_name
      CHECK (close_reason IN ('settled', 'disputed', 'promised', 'blocked'))`);
    await pool.query(`INSERT INTO dunning_customers (customer_id, risk_class) VALUES ('c', 'C')`);
    const task = (taskId: string, closeReason: string | null) =>
      pool.query({
        text: `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
                 amount_minor, priority, base_priority, collector_id, created_at, status, close_reason)
               VALUES ($1, 'c', 'call', $1, 'reminder', '{i}', 'CNY', 100, 1, 1, 'col', now(), $2, $3)`,
        values: [taskId, closeReason ? 'closed' : 'open', closeReason],
      });
    await task('t-open', null);
    await task('t-settled', 'settled');

    await migration.apply();

    expect(
      (await pool.query('SELECT task_id, queue, posting, close_reason FROM collector_tasks ORDER BY task_id'))
        .rows,
    ).toEqual([
      { task_id: 't-open', queue: 'collections', posting: null, close_reason: null },
      { task_id: 't-settled', queue: 'collections', posting: null, close_reason: 'settled' },
    ]);
    expect(
      (await pool.query('SELECT risk_class, assigned_policy_id, policy_assigned_at FROM dunning_customers'))
        .rows,
    ).toEqual([{ risk_class: 'C', assigned_policy_id: null, policy_assigned_at: null }]);
    await task('t-blocked', 'blocked');
    await task('t-withdrawn', 'legal-withdrawn');
    await expect(task('t-bogus', 'bogus')).rejects.toThrow(/collector_tasks_close_reason_check/);
    await expect(
      pool.query(`UPDATE collector_tasks SET queue = 'elsewhere' WHERE task_id = 't-open'`),
    ).rejects.toThrow(/check constraint/);
    const checks = await pool.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'collector_tasks'::regclass AND contype = 'c'
         AND pg_get_constraintdef(oid) LIKE '%close_reason%'`,
    );
    expect(checks.rows.map((r) => r.conname)).toEqual(['collector_tasks_close_reason_check']);
  });
});
