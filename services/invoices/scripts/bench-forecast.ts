// Times the forecast's queries on a synthetic ledger of N invoices in a schema of its own, dropped after:
//   DATABASE_URL=postgres://... node services/invoices/scripts/bench-forecast.ts [--invoices 1000000]
// Two years of invoices for 20,000 customers; those due before the last month mostly paid (days late by
// customer), 1 % under an open dispute, 2,000 open promises. Prints one line per query (best of 3).
// KEEP_SCHEMA=1 keeps the schema; `--schema bench_forecast_N` times a kept one again, migrated to the latest
// migrations first, without seeding it (seeding 1,000,000 invoices takes minutes).
import { parseArgs } from 'node:util';
import { createPool, migrate } from '@dunning/pg';
import { forecastItems, openPromises } from '../src/db/forecast.queries.ts';
import { invoicesMigrations } from '../src/db/migrations.ts';
import { FORECAST_LOOKBACK_DAYS } from '../src/domain/cash-forecast.ts';

const { values } = parseArgs({
  options: { invoices: { type: 'string', default: '1000000' }, schema: { type: 'string' } },
});
const invoices = Number(values.invoices);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dunning_test';
const reuse = values.schema !== undefined;
const schema = values.schema ?? `bench_forecast_${process.pid}`;
const out = (line: string) => process.stdout.write(`${line}\n`);
await migrate({ databaseUrl, schema, sets: [invoicesMigrations] });
const pool = createPool({
  connectionString: databaseUrl,
  schema,
  applicationName: 'invoices-bench-forecast',
});
try {
  let startedAt = performance.now();
  if (!reuse) await seed();
  // What autovacuum does after a load: statistics, and the visibility map the index-only scans need.
  for (const table of [
    'invoices',
    'invoice_entries',
    'payment_days_late',
    'customers',
    'disputes',
    'payment_promises',
  ]) {
    await pool.query(`VACUUM ANALYZE ${table}`);
  }
  const counts = await pool.query<{ invoices: bigint; open: bigint; payments: bigint }>(
    `SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM invoices WHERE balance_minor > 0) AS open,
            (SELECT count(*) FROM invoice_entries WHERE kind = 'payment') AS payments`,
  );
  const row = counts.rows[0];
  out(
    `${row?.invoices} invoices (${row?.open} open, ${row?.payments} payments) ` +
      (reuse ? `in ${schema}` : `loaded in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`),
  );
  const filter = { timeZone: 'UTC', lookbackDays: FORECAST_LOOKBACK_DAYS, minPayments: 3 };
  const runs: [string, () => Promise<unknown[]>][] = [
    ['forecast inputs as of 2027-12-31', () => forecastItems(pool, { ...filter, asOf: '2027-12-31' })],
    [
      'forecast inputs as of 2027-12-31, EUR',
      () => forecastItems(pool, { ...filter, asOf: '2027-12-31', currency: 'EUR' }),
    ],
    [
      'forecast inputs as of 2027-11-30 (a month back)',
      () => forecastItems(pool, { ...filter, asOf: '2027-11-30' }),
    ],
    ['open promises as of 2027-12-31', () => openPromises(pool, { ...filter, asOf: '2027-12-31' })],
  ];
  for (const [name, run] of runs) {
    let best = Number.POSITIVE_INFINITY;
    let rows = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      startedAt = performance.now();
      rows = (await run()).length;
      best = Math.min(best, performance.now() - startedAt);
    }
    out(`${name}: ${best.toFixed(0)} ms (${rows} rows)`);
  }
} finally {
  if (process.env.KEEP_SCHEMA || reuse) out(`kept ${schema}`);
  else await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
}

async function seed() {
  await pool.query(`INSERT INTO customers (customer_id, profile)
    SELECT 'C' || c, jsonb_build_object('timezone', (ARRAY['UTC','Asia/Shanghai','Europe/Berlin','America/Chicago'])[c % 4 + 1])
    FROM generate_series(0, 19999) c`);
  await pool.query({
    text: `INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date, overdue_at, request)
           SELECT 'I' || i, 'C' || (i % 20000), 'N' || i, (ARRAY['EUR','CNY','USD','JPY','KWD'])[(i % 20000) % 5 + 1],
                  1000 + (i::bigint * 7919) % 5000000, d, d + 30, (d + 31)::timestamp AT TIME ZONE 'UTC', '{}'
           FROM generate_series(1, $1::int) i, LATERAL (SELECT date '2026-01-01' + (i::bigint * 730 / $1)::int AS d) x`,
    values: [invoices],
  });
  await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
    SELECT invoice_id, 'issue', amount_minor, invoice_id, 'bench', issue_date::timestamp AT TIME ZONE 'UTC' FROM invoices`);
  // Paid (85 %) when due before December 2027, days late by customer (−5 … 54) plus noise.
  await pool.query(`INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
    SELECT invoice_id, 'payment', -amount_minor, invoice_id || '-P', 'bench',
           (due_date + (substr(customer_id, 2)::int % 60) - 5 + (amount_minor % 11)::int)::timestamp AT TIME ZONE 'UTC' + interval '10 hours'
    FROM invoices WHERE due_date < date '2027-12-01' AND amount_minor % 20 <> 0`);
  await pool.query(`INSERT INTO disputes (dispute_id, invoice_id, status, reason, opened_at, opened_source)
    SELECT 'D' || invoice_id, invoice_id, 'open', 'price', due_date::timestamp AT TIME ZONE 'UTC', 'bench'
    FROM invoices WHERE balance_minor > 0 AND amount_minor % 100 = 7`);
  await pool.query(`INSERT INTO payment_promises (promise_id, customer_id, invoice_ids, currency, amount_minor, promised_date,
      recorded_at, status)
    SELECT 'P' || invoice_id, customer_id, ARRAY[invoice_id], currency, balance_minor, date '2028-01-10',
           timestamptz '2027-12-20T10:00:00Z', 'open'
    FROM invoices WHERE balance_minor > 0 ORDER BY invoice_id LIMIT 2000`);
}
