import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

const TASK_MIGRATION = '007_tasks-follow-case.sql';

describe('migration 007 on tasks re-queued before it', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;

  beforeAll(async () => {
    migration = await schemaBefore(TASK_MIGRATION);
    pool = migration.pool;
  });
  afterAll(async () => {
    await migration?.close();
  });

  it('undoes past doublings, caps them at eight, and repairs a priority already at Infinity', async () => {
    const row = (taskId: string, priority: string, escalations: number) =>
      pool.query({
        text: `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
                 amount_minor, priority, collector_id, escalations, created_at)
               VALUES ($1, 'c', 'call', $1, 'reminder', '{i}', 'CNY', 123456, $2::float8, 'col', $3, now())`,
        values: [taskId, priority, escalations],
      });
    await row('never', '100', 0);
    await row('twice', '400', 2);
    await row('ten-times', String(100 * 2 ** 10), 10);
    await row('runaway', 'Infinity', 1_100);
    await migration.apply();
    const result = await pool.query<{ task_id: string; base_priority: number; priority: number }>(
      'SELECT task_id, base_priority, priority FROM collector_tasks ORDER BY task_id',
    );
    expect(result.rows).toEqual([
      { task_id: 'never', base_priority: 100, priority: 100 },
      { task_id: 'runaway', base_priority: 123456, priority: 987648 },
      { task_id: 'ten-times', base_priority: 100, priority: 800 },
      { task_id: 'twice', base_priority: 100, priority: 400 },
    ]);
  });
});
