import { seededRandom } from '@dunning/testing/seeded-random';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CasesByLevelRow,
  casesByLevel,
  compactOpenCaseCountChanges,
} from '../src/db/reports.queries.ts';
import { type SchemaBeforeMigration, schemaBefore } from './support/schema-before-migration.ts';

/*
 * The cases-by-level report reads open cases counted per level and legal or not, kept by triggers on the
 * cases and a log folded by a job (migration 018). Starting from cases stored before the migration, and
 * through random inserts, upserts, level and legal changes, closings and reopenings, updates that change
 * none of these, and deletes (one by one and many at a time), it must equal counting every open case,
 * before and after the log is folded.
 */
describe('the cases-by-level report’s kept counts (migration 018)', () => {
  let migration: SchemaBeforeMigration;
  let pool: pg.Pool;
  const random = seededRandom(20261206);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const LEVELS = [null, 1, 2, 3, 4];
  let serial = 0;

  const everyOpenCase = async (): Promise<CasesByLevelRow[]> =>
    (
      await pool.query<CasesByLevelRow>(
        `SELECT reached_level AS level, count(*)::int AS cases,
                count(*) FILTER (WHERE legal_since IS NOT NULL)::int AS in_legal
         FROM dunning_cases WHERE status <> 'closed' GROUP BY reached_level ORDER BY reached_level NULLS FIRST`,
      )
    ).rows;

  async function expectSameAsEveryCase() {
    const expected = await everyOpenCase();
    // The cases must be spread over levels, legal or not, or the check proves little.
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(expected.some((row) => row.in_legal > 0)).toBe(true);
    expect(await casesByLevel(pool)).toEqual(expected);
  }

  async function addCases(count: number, upsert = false) {
    const rows = Array.from({ length: count }, () => {
      const status = pick(['active', 'active', 'paused', 'closed']);
      return {
        id: upsert && random() < 0.5 ? `oc-${Math.floor(random() * serial)}` : `oc-${serial++}`,
        status,
        level: pick(LEVELS),
        legal: random() < 0.2,
      };
    });
    await pool.query({
      text: `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
               opened_by_event, status, close_reason, closed_at, reached_level, legal_since)
             SELECT DISTINCT ON (r.id) r.id, 'cu', 'EUR', 1000, 1000, '2026-09-01', 'fixture', r.status,
                    CASE WHEN r.status = 'closed' THEN 'paid' END, CASE WHEN r.status = 'closed' THEN now() END,
                    r.level, CASE WHEN r.legal THEN now() END
             FROM jsonb_to_recordset($1::jsonb) AS r (id text, status text, level int, legal boolean)
             ${
               upsert
                 ? `ON CONFLICT (invoice_id) DO UPDATE SET reached_level = excluded.reached_level,
                      legal_since = excluded.legal_since, status = excluded.status,
                      close_reason = excluded.close_reason, closed_at = excluded.closed_at`
                 : ''
             }`,
      values: [JSON.stringify(rows)],
    });
  }

  beforeAll(async () => {
    migration = await schemaBefore('018_open-case-counts.sql');
    pool = migration.pool;
    await addCases(120);
    await migration.apply();
  });
  afterAll(async () => {
    await migration?.close();
  });

  it('counts the cases stored before it, and those added after', async () => {
    await expectSameAsEveryCase();
    await addCases(60);
    await expectSameAsEveryCase();
  });

  it('stays equal as cases reach levels, go to legal and back, close, reopen, are upserted and deleted', async () => {
    const some = () => `oc-${Math.floor(random() * serial)}`;
    for (let i = 0; i < 60; i++) {
      const id = some();
      switch (i % 6) {
        case 0:
          await pool.query('UPDATE dunning_cases SET reached_level = $2 WHERE invoice_id = $1', [
            id,
            pick(LEVELS),
          ]);
          break;
        case 1:
          await pool.query(
            'UPDATE dunning_cases SET legal_since = CASE WHEN legal_since IS NULL THEN now() END WHERE invoice_id = $1',
            [id],
          );
          break;
        case 2:
          await pool.query(
            `UPDATE dunning_cases SET status = 'closed', close_reason = 'paid', closed_at = now() WHERE invoice_id = $1`,
            [id],
          );
          break;
        case 3:
          await pool.query(
            `UPDATE dunning_cases SET status = 'active', close_reason = NULL, closed_at = NULL WHERE invoice_id = $1`,
            [id],
          );
          break;
        case 4:
          // Nothing the counts keep changes: a balance, and a level and legal date set to what they are.
          await pool.query(
            `UPDATE dunning_cases SET balance_minor = balance_minor - 1, reached_level = reached_level,
               legal_since = CASE WHEN legal_since IS NULL THEN NULL ELSE now() END WHERE invoice_id = $1`,
            [id],
          );
          break;
        default:
          await pool.query(
            `UPDATE dunning_cases SET status = 'paused' WHERE invoice_id = $1 AND status <> 'closed'`,
            [id],
          );
      }
    }
    await expectSameAsEveryCase();
    // Many at a time, in one statement each.
    await pool.query(
      `UPDATE dunning_cases SET reached_level = 2 WHERE invoice_id LIKE 'oc-1%' AND reached_level = 1`,
    );
    await pool.query(`UPDATE dunning_cases SET legal_since = now() WHERE invoice_id LIKE 'oc-2%'`);
    await addCases(80, true);
    await pool.query(`DELETE FROM dunning_cases WHERE invoice_id IN ('oc-3', 'oc-30', 'oc-31', 'oc-130')`);
    await expectSameAsEveryCase();
  });

  it('stays equal once the log is folded into the counts, in batches, and the log is empty then', async () => {
    expect(await compactOpenCaseCountChanges(pool, 5)).toBe(5);
    await expectSameAsEveryCase();
    while ((await compactOpenCaseCountChanges(pool, 5)) === 5);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM open_case_count_changes',
    );
    expect(rows[0]?.n).toBe(0);
    await expectSameAsEveryCase();
    await addCases(10);
    await expectSameAsEveryCase();
  });
});
