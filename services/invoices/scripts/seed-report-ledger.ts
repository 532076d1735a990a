// Loads a synthetic ledger for timing the reports (scripts/bench-reports.ts), set-based, in chunks:
//   DB_SCHEMA=<schema> node services/invoices/scripts/seed-report-ledger.ts [--invoices 200000] [--chunk 50000]
// Invoices over the 18 months before --until, three currencies (EUR, USD, JPY), one customer per 40
// invoices in four zones; about 70 % paid (some partly, some late), 4 % written off, 2 % cancelled.
// Prints the time per chunk: what the entries trigger and indexes cost on ingest.
import { parseArgs } from 'node:util';
import { kafkaMigrations } from '@dunning/kafka';
import { outboxMigrations } from '@dunning/outbox';
import { createPool, migrate } from '@dunning/pg';
import { loadConfig } from '../src/config.ts';
import { invoicesMigrations } from '../src/db/migrations.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '200000' },
    chunk: { type: 'string', default: '50000' },
    until: { type: 'string', default: '2026-12-05' },
  },
});
const total = Number(values.invoices);
const chunk = Number(values.chunk);
const config = loadConfig();
await migrate({
  databaseUrl: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  sets: [kafkaMigrations, outboxMigrations, invoicesMigrations],
});
const pool = createPool({
  connectionString: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  applicationName: 'invoices-seed-report-ledger',
  max: 1,
});
const customers = Math.max(1, Math.ceil(total / 40));
await pool.query({
  text: `INSERT INTO customers (customer_id, profile)
         SELECT 'C' || n, jsonb_build_object('timezone',
                  (ARRAY['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kuwait'])[1 + n % 4])
         FROM generate_series(1, $1::int) AS n ON CONFLICT DO NOTHING`,
  values: [customers],
});
await pool.query({
  text: `INSERT INTO customer_risk_classes (customer_id, risk_class, assessed_at)
         SELECT 'C' || n, (ARRAY['A', 'B', 'C'])[1 + n % 3], $2::date - 300
         FROM generate_series(1, $1::int) AS n ON CONFLICT DO NOTHING`,
  values: [customers, values.until],
});
let entries = 0;
const startedAt = performance.now();
for (let first = 1; first <= total; first += chunk) {
  const last = Math.min(total, first + chunk - 1);
  const chunkStartedAt = performance.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // A deterministic spread from the invoice number: issue day, amount, currency, outcome.
    await client.query({
      text: `INSERT INTO invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
                                   overdue_at, request)
             SELECT 'I' || n, 'C' || (1 + n % $3::int), 'N' || n, (ARRAY['EUR', 'USD', 'JPY'])[1 + n % 3],
                    1000 + (n * 7919) % 500000, $4::date - 545 + ((n * 104729) % 545)::int,
                    $4::date - 545 + ((n * 104729) % 545)::int + 30,
                    ($4::date - 545 + ((n * 104729) % 545)::int + 31)::timestamp AT TIME ZONE 'UTC', '{}'
             FROM generate_series($1::bigint, $2::bigint) AS n`,
      values: [first, last, customers, values.until],
    });
    const inserted = await client.query({
      text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
             SELECT i.invoice_id, 'issue', i.amount_minor, i.invoice_id, 'bench',
                    i.issue_date::timestamp AT TIME ZONE 'UTC' + interval '9 hours'
             FROM invoices i WHERE i.invoice_id IN (SELECT 'I' || n FROM generate_series($1::bigint, $2::bigint) AS n)`,
      values: [first, last],
    });
    // Outcomes by n % 100: < 60 paid in full (up to 40 days late), < 70 half paid, < 74 written off
    // 120 days after due, < 76 cancelled; paid ones on a day that may still lie ahead of `until`.
    const outcomes = await client.query({
      text: `INSERT INTO invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at)
             SELECT i.invoice_id, o.kind, o.amount, 'S' || i.invoice_id, 'bench', o.at
             FROM generate_series($1::bigint, $2::bigint) AS n
             JOIN invoices i ON i.invoice_id = 'I' || n
             CROSS JOIN LATERAL (
               SELECT CASE WHEN n % 100 < 70 THEN 'payment' WHEN n % 100 < 74 THEN 'write-off'
                           ELSE 'cancellation' END AS kind,
                      CASE WHEN n % 100 BETWEEN 60 AND 69 THEN -(i.amount_minor / 2) ELSE -i.amount_minor END AS amount,
                      (i.due_date + CASE WHEN n % 100 < 70 THEN (n % 41)::int - 10 WHEN n % 100 < 74 THEN 120 ELSE 5 END)
                        ::timestamp AT TIME ZONE 'UTC' + interval '14 hours' AS at
             ) o
             WHERE n % 100 < 76 AND o.at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'`,
      values: [first, last, values.until],
    });
    await client.query('COMMIT');
    entries += (inserted.rowCount ?? 0) + (outcomes.rowCount ?? 0);
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const ms = performance.now() - chunkStartedAt;
  process.stdout.write(
    `invoices ${first}..${last}: ${ms.toFixed(0)} ms (${((1000 * (last - first + 1)) / ms).toFixed(0)} invoices/s)\n`,
  );
}
await pool.query('ANALYZE invoices; ANALYZE invoice_entries');
const seconds = (performance.now() - startedAt) / 1000;
process.stdout.write(
  `${total} invoices, ${entries} entries in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} invoices/s)\n`,
);
await pool.end();
