import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compactRecoveryTaskChanges,
  type RecoveryRow,
  type ReportFilter,
  recoveryRows,
} from '../src/db/recovery-report.queries.ts';
import { recoveryRowsFromHistory } from './support/recovery-from-history.ts';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

/*
 * The recovery report reads kept per-invoice facts (migration 017) and looks up only the invoices whose
 * attribution changed at or after the instant it asks about. Random histories (seeded, so a failure
 * replays) are written half before the migration (its backfill) and half after (its triggers), then
 * changed in place (tasks reassigned, handed to legal, cases closed, steps done late); at each stage the
 * report must equal the one read from every invoice's history, over many periods and filters.
 */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;
const START = Date.parse('2026-09-01T00:00:00Z');
const CURRENCIES = ['EUR', 'JPY', 'KWD'] as const;
const COLLECTORS = ['col-a', 'col-b', 'col-c', null] as const;
const KINDS = ['payment', 'credit-note', 'dispute-adjustment', 'discount', 'paid', 'credited', 'written-off'];

describe('the recovery report’s kept facts (migration 017)', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;
  const rnd = random(20261206);
  // Instants fall on a coarse grid (6 hours) so that ties between tasks, steps, notices and movements,
  // and periods starting or ending exactly on them, are common.
  const instant = (days = 100) => new Date(START + rnd.int(days * 4) * (DAY / 4));
  const invoices = Array.from({ length: 80 }, (_, i) => `I${i}`);
  let serial = 0;
  const id = (prefix: string) => `${prefix}${serial++}`;
  const q = (text: string, values: unknown[] = []) => pool.query(text, values);

  async function writeCases(ids: string[]) {
    for (const invoice of ids) {
      const currency = rnd.pick(CURRENCIES);
      const amount = 1_000 + rnd.int(100_000);
      const overdue = rnd.chance(0.9) ? instant(60) : null;
      const closed = rnd.chance(0.3);
      await q(
        `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
           opened_by_event, overdue_at, status, close_reason, closed_at)
         VALUES ($1, 'cu', $2, $3, $3, '2026-09-01', 'fixture', $4, $5, $6, $7)`,
        [
          invoice,
          currency,
          amount,
          overdue,
          closed ? 'closed' : 'active',
          closed ? 'paid' : null,
          closed && rnd.chance(0.9) ? instant() : null,
        ],
      );
    }
  }

  async function writeHistory(ids: string[]) {
    for (const invoice of ids) {
      for (let i = rnd.int(4); i > 0; i--)
        await q(
          `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
           SELECT $1, $2, customer_id, currency, $3, $4, $5 FROM dunning_cases WHERE invoice_id = $1`,
          [
            invoice,
            id('m'),
            rnd.pick(KINDS),
            rnd.chance(0.15) ? -rnd.int(5_000) : rnd.int(40_000),
            instant(),
          ],
        );
      for (let i = rnd.int(3); i > 0; i--) {
        const others = rnd.chance(0.3) ? [rnd.pick(invoices)] : [];
        await q(
          `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
             amount_minor, priority, base_priority, collector_id, status, created_at, queue)
           VALUES ($1, 'cu', 'call', 's', 'reminder', $2, 'EUR', 1, 1, 1, $3, 'open', $4, $5)`,
          [
            id('t'),
            [...new Set([invoice, ...others])],
            rnd.pick(COLLECTORS),
            instant(),
            rnd.chance(0.85) ? 'collections' : 'legal',
          ],
        );
      }
      for (let i = rnd.int(4); i > 0; i--) {
        const step = id('s');
        const at = instant();
        const done = rnd.chance(0.8);
        const level = 1 + rnd.int(4);
        await q(
          `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
             offset_days, definition, due_at, run_at, status, executed_at, notice_level)
           VALUES ($1, $2, 'cu', 'standard', 1, $3, 'n', 0, '{}', $4, $4, $5, $6, $7)`,
          [step, invoice, level, at, done ? 'done' : 'scheduled', done ? at : null, done ? level : null],
        );
        if (!done) continue;
        // Several channels in one statement (as a step run writes them) or one by one; some action ids
        // do not follow <stepId>.<channel> and name no channel.
        const channels = ['email', 'sms', 'letter', 'call-task'].filter(() => rnd.chance(0.45));
        const sep = rnd.chance(0.85) ? '.' : '-';
        // Some notices cover another invoice too (they count once for the two).
        const covered = rnd.chance(0.25) ? [invoice, rnd.pick(invoices)] : [invoice];
        const rows = channels.map((channel) => [
          `${step}${sep}${channel}`,
          step,
          channel,
          [...new Set(covered)],
          at,
        ]);
        if (rnd.chance(0.5)) {
          for (const row of rows)
            await q(
              `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action,
                 invoice_ids, requested_at) VALUES ($1, $2, 'cu', 'standard', 'n', $3, $4, $5)`,
              row,
            );
        } else if (rows.length > 0) {
          await q(
            `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids,
               requested_at)
             SELECT r.action_id, r.step_id, 'cu', 'standard', 'n', r.action, r.invoice_ids, r.at
             FROM jsonb_to_recordset($1::jsonb) AS r (action_id text, step_id text, action text, invoice_ids text[],
               at timestamptz)`,
            [
              JSON.stringify(
                rows.map(([action_id, step_id, action, invoice_ids, at]) => ({
                  action_id,
                  step_id,
                  action,
                  invoice_ids,
                  at,
                })),
              ),
            ],
          );
        }
      }
    }
  }

  async function changeInPlace() {
    await q(`UPDATE collector_tasks SET collector_id = (ARRAY['col-a', 'col-c', NULL])[1 + abs(hashtext(task_id)) % 3]
             WHERE abs(hashtext(task_id)) % 4 = 0`);
    await q(`UPDATE collector_tasks SET queue = 'legal' WHERE abs(hashtext(task_id || 'legal')) % 6 = 0`);
    await q(`UPDATE dunning_cases SET status = 'closed', close_reason = 'written-off',
               closed_at = overdue_at + interval '20 days'
             WHERE status <> 'closed' AND abs(hashtext(invoice_id)) % 5 = 0`);
    await q(`UPDATE dunning_steps SET status = 'done', executed_at = run_at + interval '1 day', notice_level = level
             WHERE status = 'scheduled' AND abs(hashtext(step_id)) % 2 = 0`);
  }

  const periods = (): ReportFilter[] => {
    const list: ReportFilter[] = [];
    for (let i = 0; i < 14; i++) {
      const from = instant(110);
      const to = new Date(from.getTime() + (1 + rnd.int(60)) * (DAY / 4));
      list.push({ from, to, currency: null, collectorId: null });
    }
    const from = new Date(START + 30 * DAY);
    list.push({ from, to: new Date(START + 400 * DAY), currency: null, collectorId: null });
    list.push({ from, to: new Date(START + 60 * DAY), currency: 'EUR', collectorId: null });
    list.push({ from, to: new Date(START + 70 * DAY), currency: null, collectorId: 'col-a' });
    return list;
  };

  async function expectSameAsHistory() {
    let rows = 0;
    for (const filter of periods()) {
      const kept: RecoveryRow[] = await recoveryRows(pool, filter);
      expect(kept, JSON.stringify(filter)).toEqual(await recoveryRowsFromHistory(pool, filter));
      rows += kept.length;
    }
    // The periods must find something to compare, or the check proves nothing.
    expect(rows).toBeGreaterThan(100);
  }

  beforeAll(async () => {
    migration = await schemaBefore('017_recovery-facts.sql');
    pool = migration.pool;
    await writeCases(invoices.slice(0, 50));
    await writeHistory(invoices.slice(0, 50));
    await migration.apply();
  });
  afterAll(async () => {
    await migration?.close();
  });

  it('equals the report from history over what the migration carried over', async () => {
    await expectSameAsHistory();
  });

  it('stays equal as new cases, movements, tasks, steps and notices come', async () => {
    await writeCases(invoices.slice(50));
    await writeHistory(invoices);
    await expectSameAsHistory();
  });

  it('stays equal as tasks are reassigned or handed to legal, cases close and steps are done late', async () => {
    await changeInPlace();
    await writeHistory(invoices.slice(0, 20));
    await expectSameAsHistory();
  });

  it('stays equal once the tasks that changed hands are folded in, and the log is empty then', async () => {
    const { rows: logged } = await q('SELECT count(*)::int AS n FROM recovery_task_changes');
    expect(logged[0].n).toBeGreaterThan(5);
    expect(await compactRecoveryTaskChanges(pool, 7)).toBe(7);
    while ((await compactRecoveryTaskChanges(pool, 7)) === 7);
    const { rows: left } = await q('SELECT count(*)::int AS n FROM recovery_task_changes');
    expect(left[0].n).toBe(0);
    await expectSameAsHistory();
  });

  it('keeps what the report reads without looking history up', async () => {
    // A period ending after every event: no invoice needs its history, and the kept rows say so.
    const { rows } = await q(
      `SELECT count(*)::int AS n FROM recovery_facts
       WHERE greatest(task_created_at, level_at, notice_at) >= $1`,
      [new Date(START + 400 * DAY)],
    );
    expect(rows[0].n).toBe(0);
    const { rows: facts } = await q(
      `SELECT count(*) FILTER (WHERE level IS NOT NULL)::int AS levels,
              count(*) FILTER (WHERE channels IS NOT NULL)::int AS channels,
              count(*) FILTER (WHERE task_id IS NOT NULL)::int AS tasks,
              count(*) FILTER (WHERE prev_level_at IS NOT NULL)::int AS prev_levels,
              count(*) FILTER (WHERE prev_notice_at IS NOT NULL)::int AS prev_notices,
              count(*) FILTER (WHERE prev_task_created_at IS NOT NULL)::int AS prev_tasks,
              count(*) FILTER (WHERE cardinality(email_at) > 1)::int AS emails
       FROM recovery_facts`,
    );
    for (const [figure, count] of Object.entries(facts[0])) expect(count, figure).toBeGreaterThan(10);
  });
});
