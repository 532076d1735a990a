// Times the recovery and collector reports on a seeded schema of N invoices (default 1,000,000):
//   DATABASE_URL=postgres://... node services/dunning/scripts/bench-reports.ts [invoices] [--keep] [--once]
// Seeds a fresh schema (migrations, then cases, steps, notices, tasks, promises and balance movements
// in SQL: a year of invoices, most paid, some partly, some written off), prints each report's time
// (first run and the best of three; --once: the first run only) and drops the schema unless --keep.
import { randomBytes } from 'node:crypto';
import { createPool, migrate } from '@dunning/pg';
import { dunningMigrations } from '../src/db/migrations.ts';
import { collectorRows, recoveryRows } from '../src/db/recovery-report.queries.ts';

const invoices = Number(process.argv[2] ?? 1_000_000);
const keep = process.argv.includes('--keep');
const runs = process.argv.includes('--once') ? 1 : 4;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_test';
const schema = `bench_recovery_${randomBytes(3).toString('hex')}`;
const pool = createPool({ connectionString: databaseUrl, schema, applicationName: 'dunning-bench-reports' });
const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  const startedAt = performance.now();
  const result = await run();
  process.stdout.write(`${name}: ${(performance.now() - startedAt).toFixed(0)} ms\n`);
  return result;
};

await pool.query(`CREATE SCHEMA ${schema}`);
try {
  await migrate({ databaseUrl, schema, sets: [dunningMigrations] });
  // A year before 2026-12-01: invoice i falls overdue on day i mod 365; 80 % are paid 5–95 days later
  // (a tenth of them in two parts), 3 % written off, the rest open. One customer per 10 invoices, 40
  // collectors, three currencies; one to three notices per invoice, each on three invoices, call tasks
  // on four invoices each (one or two per invoice in twelve), a promise for one task in five.
  await timed(`seed ${invoices} invoices`, async () => {
    await pool.query(
      `INSERT INTO dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
         opened_by_event, overdue_at, status, close_reason, closed_at)
       SELECT 'i' || i, 'c' || (i / 10), (ARRAY['EUR', 'JPY', 'KWD'])[1 + i % 3], 10000 + i % 90000,
         CASE WHEN i % 100 < 80 THEN 0 ELSE 10000 + i % 90000 END, '2026-01-01', 'bench', o,
         CASE WHEN i % 100 < 83 THEN 'closed' ELSE 'active' END,
         CASE WHEN i % 100 < 80 THEN 'paid' WHEN i % 100 < 83 THEN 'written-off' END,
         CASE WHEN i % 100 < 83 THEN o + (5 + i % 91) * interval '1 day' END
       FROM generate_series(1, $1) i,
         LATERAL (SELECT timestamptz '2025-12-01' + (i % 365) * interval '1 day' AS o) t`,
      [invoices],
    );
    await pool.query(
      `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
       SELECT invoice_id, 'part', customer_id, currency, 'payment', amount_minor / 2, overdue_at + interval '3 days'
       FROM dunning_cases WHERE close_reason = 'paid' AND substr(invoice_id, 2)::int % 10 = 0`,
    );
    await pool.query(
      `INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
       SELECT invoice_id, 'close', customer_id, currency, close_reason,
         CASE WHEN substr(invoice_id, 2)::int % 10 = 0 AND close_reason = 'paid'
              THEN amount_minor - amount_minor / 2 ELSE amount_minor END, closed_at
       FROM dunning_cases WHERE status = 'closed'`,
    );
    // Notices: level 1 (email+sms) 7 days after, level 2 (email+letter) after 21 days for half, level 3
    // (letter) after 35 days for a quarter; one notice covers the lead invoice and the next two.
    await pool.query(
      `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
         offset_days, definition, due_at, run_at, status, executed_at, notice_level, notice_step_id)
       SELECT 's' || l || '.' || c.invoice_id, c.invoice_id, c.customer_id, 'standard', 1, l, 'notice-' || l,
         d, '{}', c.overdue_at + d * interval '1 day', c.overdue_at + d * interval '1 day', 'done',
         c.overdue_at + d * interval '1 day', l, 's' || l || '.i' || (n - n % 3)
       FROM dunning_cases c, LATERAL (SELECT substr(c.invoice_id, 2)::int AS n) x,
         LATERAL (VALUES (1, 7), (2, 21), (3, 35)) v (l, d)
       WHERE l = 1 OR (l = 2 AND n % 2 = 0) OR (l = 3 AND n % 4 = 0)`,
    );
    await pool.query(
      `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids,
         requested_at)
       SELECT s.step_id || '.' || a, s.step_id, s.customer_id, 'standard', s.name, a,
         ARRAY[s.invoice_id, 'i' || (n + 1), 'i' || (n + 2)], s.executed_at
       FROM dunning_steps s, LATERAL (SELECT substr(s.invoice_id, 2)::int AS n) x,
         unnest(CASE s.level WHEN 1 THEN ARRAY['email', 'sms'] WHEN 2 THEN ARRAY['email', 'letter']
                ELSE ARRAY['letter'] END) a
       WHERE n % 3 = 0`,
    );
    // Call tasks on four invoices each: one from every twelfth invoice at level 1, and a second one from
    // every twenty-fourth, to another collector, 30 days later.
    await pool.query(
      `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
         amount_minor, priority, base_priority, collector_id, status, created_at, done_at, outcome)
       SELECT 't' || k || '.' || n, customer_id, 'call', 's1.' || invoice_id, 'notice-1',
         ARRAY[invoice_id, 'i' || (n + 1), 'i' || (n + 2), 'i' || (n + 3)], currency,
         amount_minor * 4, 1, 1, 'col-' || ((n + k * 7) % 40), 'done',
         overdue_at + (7 + 30 * k) * interval '1 day', overdue_at + (9 + 30 * k) * interval '1 day',
         jsonb_build_object('outcome', (ARRAY['promise-to-pay', 'no-answer', 'paid', 'wrong-contact'])[1 + (n / 12) % 4])
       FROM dunning_cases, LATERAL (SELECT substr(invoice_id, 2)::int AS n) x, generate_series(0, 1) k
       WHERE n % 12 = 0 AND (k = 0 OR n % 24 = 0)`,
    );
    await pool.query(
      `INSERT INTO payment_promises (promise_id, customer_id, task_id, collector_id, invoice_ids, promised_date,
         currency, amount_minor, check_at, status, recorded_at, settled_at)
       SELECT 'p' || task_id, customer_id, task_id, collector_id, invoice_ids, '2026-01-01', currency, amount_minor,
         done_at + interval '14 days', CASE WHEN substr(task_id, 4)::int % 180 = 0 THEN 'broken' ELSE 'kept' END,
         done_at, done_at + interval '14 days'
       FROM collector_tasks WHERE substr(task_id, 4)::int % 60 = 0`,
    );
    await pool.query('ANALYZE');
  });
  const november = { from: new Date('2026-11-01'), to: new Date('2026-12-01') };
  const cases: [string, () => Promise<unknown[]>][] = [
    [
      'recovery, November, every currency',
      () => recoveryRows(pool, { ...november, currency: null, collectorId: null }),
    ],
    [
      'recovery, November, EUR',
      () => recoveryRows(pool, { ...november, currency: 'EUR', collectorId: null }),
    ],
    [
      'recovery, November, col-7',
      () => recoveryRows(pool, { ...november, currency: null, collectorId: 'col-7' }),
    ],
    ['collectors, November', () => collectorRows(pool, { ...november, currency: null, collectorId: null })],
    [
      'collectors, November, col-7',
      () => collectorRows(pool, { ...november, currency: null, collectorId: 'col-7' }),
    ],
  ];
  for (const [name, run] of cases) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const startedAt = performance.now();
      rows = (await run()).length;
      times.push(performance.now() - startedAt);
    }
    process.stdout.write(
      `${name}: first ${times[0]!.toFixed(0)} ms${runs > 1 ? `, best of three after ${Math.min(...times.slice(1)).toFixed(0)} ms` : ''} (${rows} rows)\n`,
    );
  }
} finally {
  if (!keep) await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  else process.stdout.write(`kept schema ${schema}\n`);
  await pool.end();
}
