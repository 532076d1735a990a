import { describe, expect, it } from 'vitest';
import { schemaBefore } from './support/schema-before-migration.ts';

const oldStep = (name: string, offsetDays: number) => ({
  offsetDays,
  name,
  actions: ['email'],
  templateKey: `dunning.${name}`,
});

describe('migration 006: levels on one scale for data stored before', () => {
  it('maps stored policies and steps by shipped name, otherwise by place capped at 4, keeping the rest', async () => {
    // The schema as it was before levels: migrations up to 005.
    const migration = await schemaBefore('006_dunning-levels.sql');
    const { pool } = migration;
    try {
      const premium = ['courtesy-reminder', 'reminder', 'overdue-notice', 'final-notice', 'legal-letter'];
      const custom = ['a', 'b', 'c', 'd', 'e', 'f'];
      await pool.query(
        `INSERT INTO policies (policy_id, version, body) VALUES ('premium', 1, $1), ('custom', 3, $2)`,
        [
          JSON.stringify({ description: 'kept', steps: premium.map((n, i) => oldStep(n, i * 10 - 3)) }),
          JSON.stringify({ steps: custom.map((n, i) => oldStep(n, i * 10 + 1)) }),
        ],
      );
      await pool.query(
        `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
           opened_by_event, policy_id, policy_version)
         VALUES ('i-1', 'c-1', 'EUR', 1000, 1000, '2026-10-31', 'e-1', 'premium', 1),
                ('i-2', 'c-1', 'EUR', 1000, 1000, '2026-10-31', 'e-2', 'custom', 3)`,
      );
      // Levels as they were: the place in the ladder.
      const steps: [string, string, string, number, string, string | null][] = [
        ['s-1', 'i-1', 'courtesy-reminder', 0, 'done', '2026-10-28T08:00:00Z'],
        ['s-2', 'i-1', 'reminder', 1, 'done', '2026-11-10T08:00:00Z'],
        ['s-3', 'i-1', 'overdue-notice', 2, 'scheduled', null],
        ['s-4', 'i-2', 'f', 5, 'scheduled', null],
        ['s-5', 'i-2', 'b', 1, 'done', '2026-11-02T08:00:00Z'],
      ];
      for (const [stepId, invoiceId, name, level, status, executedAt] of steps) {
        await pool.query(
          `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
             offset_days, definition, due_at, run_at, status, executed_at)
           VALUES ($1, $2, 'c-1', 'x', 1, $3, $4, 1, $5, now(), now(), $6, $7)`,
          [stepId, invoiceId, level, name, JSON.stringify(oldStep(name, 1)), status, executedAt],
        );
      }

      await migration.apply();

      const policies = await pool.query<{
        policy_id: string;
        body: { description?: string; steps: object[] };
      }>('SELECT policy_id, body FROM policies ORDER BY policy_id');
      const [customPolicy, premiumPolicy] = policies.rows;
      expect(premiumPolicy!.body.steps).toEqual(
        premium.map((n, i) => ({ ...oldStep(n, i * 10 - 3), level: i })),
      );
      expect(premiumPolicy!.body.description).toBe('kept');
      expect(customPolicy!.body.steps.map((s) => (s as { level: number }).level)).toEqual([0, 1, 2, 3, 4, 4]);
      const after = await pool.query<{
        step_id: string;
        level: number;
        definition: { level: number; name: string };
        notice_level: number | null;
      }>('SELECT step_id, level, definition, notice_level FROM dunning_steps ORDER BY step_id');
      expect(
        after.rows.map((r) => [r.step_id, r.level, r.definition.level, r.definition.name, r.notice_level]),
      ).toEqual([
        ['s-1', 0, 0, 'courtesy-reminder', 0],
        ['s-2', 1, 1, 'reminder', 1],
        ['s-3', 2, 2, 'overdue-notice', null],
        ['s-4', 4, 4, 'f', null],
        ['s-5', 1, 1, 'b', 1],
      ]);
      const cases = await pool.query<{ invoice_id: string; reached_level: number; last_notice_at: Date }>(
        'SELECT invoice_id, reached_level, last_notice_at FROM dunning_cases ORDER BY invoice_id',
      );
      expect(cases.rows.map((c) => [c.invoice_id, c.reached_level, c.last_notice_at.toISOString()])).toEqual([
        ['i-1', 1, '2026-11-10T08:00:00.000Z'],
        ['i-2', 1, '2026-11-02T08:00:00.000Z'],
      ]);
    } finally {
      await migration.close();
    }
  });
});
