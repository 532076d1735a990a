import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorRows } from '../src/db/recovery-report.queries.ts';
import { insertStepActions } from '../src/db/step-actions.queries.ts';
import { insertTasks } from '../src/db/tasks.queries.ts';
import { recoveryRowsFromHistory } from './support/recovery-from-history.ts';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

/*
 * Invoice X (EUR 100.00, overdue 10-01) is paid in full on 11-10. Before migration 014: task TA (col-old,
 * 10-05) and an email notice (10-06) on it. After: the service's own writers add task TB (col-new, 10-20,
 * on X and Y) and a notice by sms and letter (11-05). The reports must read X under col-new and the
 * notice's channels: they would show col-old and email if the join tables were not kept on insert.
 */
describe('the recovery reports’ invoice joins (migration 014)', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;
  const november = {
    from: new Date('2026-11-01'),
    to: new Date('2026-12-01'),
    currency: null,
    collectorId: null,
  };

  beforeAll(async () => {
    migration = await schemaBefore('014_report-join-tables.sql');
    pool = migration.pool;
    await pool.query(
      `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
         opened_by_event, overdue_at, status, close_reason, closed_at)
       VALUES ('X', 'cu', 'EUR', 10000, 0, '2026-09-01', 'fixture', '2026-10-01', 'closed', 'paid', '2026-11-10')`,
    );
    await pool.query(
      `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
       VALUES ('X', 'close', 'cu', 'EUR', 'paid', 10000, '2026-11-10')`,
    );
    await pool.query(
      `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
         amount_minor, priority, base_priority, collector_id, created_at)
       VALUES ('TA', 'cu', 'call', 'S1', 'reminder', '{X}', 'EUR', 10000, 1, 1, 'col-old', '2026-10-05')`,
    );
    await pool.query(
      `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
         offset_days, definition, due_at, run_at, status, executed_at, notice_level, notice_step_id)
       VALUES ('S1', 'X', 'cu', 'standard', 1, 1, 'n', 0, '{}', '2026-10-06', '2026-10-06', 'done', '2026-10-06', 1, 'S1'),
              ('S2', 'X', 'cu', 'standard', 1, 2, 'n', 0, '{}', '2026-11-05', '2026-11-05', 'done', '2026-11-05', 2, 'S2')`,
    );
    await pool.query(
      `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids,
         requested_at) VALUES ('S1.email', 'S1', 'cu', 'standard', 'n', 'email', '{X}', '2026-10-06')`,
    );
    await migration.apply();
    const client = await pool.connect();
    try {
      await insertTasks(client, [
        {
          taskId: 'TB',
          customerId: 'cu',
          kind: 'call',
          stepId: 'S1',
          stepName: 'reminder',
          invoiceIds: ['X', 'Y'],
          currency: 'EUR',
          amountMinor: 20000n,
          priority: 1,
          collectorId: 'col-new',
          createdAt: new Date('2026-10-20'),
        },
      ]);
      const action = (channel: 'sms' | 'letter') => ({
        actionId: `S2.${channel}`,
        stepId: 'S2',
        customerId: 'cu',
        policyId: 'standard',
        stepName: 'n',
        action: channel,
        invoiceIds: ['X'],
      });
      await insertStepActions(client, [action('sms'), action('letter')], new Date('2026-11-05'));
    } finally {
      client.release();
    }
  });
  afterAll(async () => {
    await migration?.close();
  });

  it('carries over the tasks and notices stored before it', async () => {
    const { rows } = await pool.query(
      `SELECT 'task' AS kind, task_id AS id, invoice_id FROM collector_task_invoices
       UNION ALL SELECT 'action', action_id, invoice_id FROM step_action_invoices ORDER BY 1, 2, 3`,
    );
    expect(rows).toEqual([
      { kind: 'action', id: 'S1.email', invoice_id: 'X' },
      { kind: 'action', id: 'S2.letter', invoice_id: 'X' },
      { kind: 'action', id: 'S2.sms', invoice_id: 'X' },
      { kind: 'task', id: 'TA', invoice_id: 'X' },
      { kind: 'task', id: 'TB', invoice_id: 'X' },
      { kind: 'task', id: 'TB', invoice_id: 'Y' },
    ]);
  });

  // The recovery report as read from the join tables (the service reads kept facts since migration 017,
  // checked against this reading in recovery-facts.test.ts).
  it('reports a task and a notice written after it', async () => {
    const recovery = (await recoveryRowsFromHistory(pool, november)).map((r) => [
      r.dimension,
      r.key,
      r.invoices,
      r.recovered_minor,
    ]);
    expect(recovery).toEqual([
      ['channel', 'letter', 1, '10000'],
      ['channel', 'sms', 1, '10000'],
      ['collector', 'col-new', 1, '10000'],
      ['level', '2', 1, '10000'],
      ['notices', 'letter', 1, '0'],
      ['notices', 'sms', 1, '0'],
      ['total', null, 1, '10000'],
    ]);
    const collectors = (await collectorRows(pool, november)).filter((r) => r.section === 'recovered');
    expect(collectors.map((r) => [r.collector_id, r.n, r.amount_minor])).toEqual([['col-new', 1, '10000']]);
  });
});
