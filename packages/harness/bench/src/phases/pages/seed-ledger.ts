// The ledger's share of the pages data set, and the plan tables every other service is seeded from.
import {
  COLLECTORS,
  countrySql,
  customerSql,
  daysPastDueSql,
  INDUSTRIES,
  type SeedPlan,
  stateSql,
} from '../../domain/seed-plan.ts';
import type { SeedStep } from './seed.ts';

const industry = `(ARRAY[${INDUSTRIES.map((x) => `'${x}'`).join(', ')}])[1 + c % ${INDUSTRIES.length}]`;
/** Local 10:00 of a date in the row's zone: when a payment or a write-off was booked. */
const at10 = (date: string) => `((${date})::timestamp + interval '10 hours') AT TIME ZONE tz`;

/** `bench_customers` and `bench_plan` (in the ledger's schema, dropped after seeding): one row per customer / invoice. */
export function planSteps(plan: SeedPlan, ledger: string): SeedStep[] {
  return [
    {
      label: 'plan: customers',
      sql: `CREATE UNLOGGED TABLE ${ledger}.bench_customers AS
            SELECT c, 'pc' || c AS customer_id, ${countrySql('country')} AS country, ${countrySql('timeZone')} AS tz,
                   ${countrySql('currency')} AS currency, ${countrySql('decimals')} AS decimals,
                   ${countrySql('locale')} AS locale, ${industry} AS industry,
                   'col-' || (1 + c % ${COLLECTORS}) AS collector_id,
                   'Scale Trading ' || c || ' Co., Ltd.' AS name
            FROM generate_series(1, ${plan.customers}) AS c`,
    },
    {
      label: 'plan: customers key',
      sql: `ALTER TABLE ${ledger}.bench_customers ADD PRIMARY KEY (c); ANALYZE ${ledger}.bench_customers`,
    },
    {
      label: 'plan: invoices',
      sql: `CREATE UNLOGGED TABLE ${ledger}.bench_plan AS
            WITH base AS (
              SELECT i, ${customerSql(plan)} AS c, ${stateSql()} AS state FROM generate_series(1, ${plan.invoices}) AS i
            ), dated AS (
              SELECT b.i, b.c, b.state, k.customer_id, k.currency, k.decimals, k.tz,
                     ${daysPastDueSql('b.state', 'b.i')} AS dpd,
                     ((100 + (b.i::bigint * 7907) % 50000) * (10 ^ k.decimals)::bigint + b.i % (10 ^ k.decimals)::bigint)
                       AS amount_minor
              FROM base b JOIN ${ledger}.bench_customers k USING (c)
            ), due AS (
              SELECT *, current_date - dpd AS due_date, current_date - dpd - 30 AS issue_date FROM dated
            )
            SELECT i, c, state, 'pi' || i AS invoice_id, customer_id, currency, decimals, tz, dpd, due_date, issue_date,
                   amount_minor,
                   ((due_date + 1)::timestamp AT TIME ZONE tz) AS overdue_at,
                   ((issue_date)::timestamp + interval '9 hours') AT TIME ZONE tz AS issued_at,
                   CASE state WHEN 'paid' THEN amount_minor
                              WHEN 'part-paid' THEN amount_minor * (30 + i % 41) / 100 ELSE 0 END AS paid_minor,
                   CASE state WHEN 'paid' THEN ${at10('due_date + (i % 25 - 5)')}
                              WHEN 'part-paid' THEN ${at10('issue_date + i % 20')}
                              WHEN 'written-off' THEN ${at10('due_date + 110')}
                              WHEN 'cancelled' THEN ${at10('issue_date + 5')} END AS settled_at
            FROM due`,
    },
    // Statistics for the planner: the statements below join these tables with fresh ones.
    { label: 'plan: analyze', sql: `ANALYZE ${ledger}.bench_plan` },
  ];
}

export function ledgerSteps(ledger: string): SeedStep[] {
  const p = `${ledger}.bench_plan`;
  return [
    {
      label: 'invoices: customers',
      sql: `INSERT INTO ${ledger}.customers (customer_id, profile, created_at)
            SELECT customer_id, jsonb_build_object('customerId', customer_id, 'name', name,
                     'email', 'ap+' || customer_id || '@customer.example', 'phone', '+86138' || lpad(c::text, 8, '0'),
                     'locale', locale, 'timezone', tz, 'industry', industry,
                     'address', jsonb_build_object('line1', c || ' Commerce Road', 'city', 'Harbour City', 'country', country),
                     'paymentTermsDays', 30, 'collectorId', collector_id),
                   now() - interval '2 years'
            FROM ${ledger}.bench_customers`,
    },
    {
      label: 'invoices: invoices',
      sql: `INSERT INTO ${ledger}.invoices (invoice_id, customer_id, number, currency, amount_minor, issue_date, due_date,
              request, created_at, overdue_at, overdue_announced_at)
            SELECT invoice_id, customer_id, 'INV-' || lpad(i::text, 8, '0'), currency, amount_minor, issue_date, due_date,
                   jsonb_build_object('invoiceId', invoice_id, 'number', 'INV-' || lpad(i::text, 8, '0')),
                   issued_at, overdue_at, CASE WHEN overdue_at < now() THEN overdue_at END
            FROM ${p}`,
    },
    {
      label: 'invoices: issue entries',
      sql: `INSERT INTO ${ledger}.invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at, recorded_at)
            SELECT invoice_id, 'issue', amount_minor, invoice_id, 'erp', issued_at, issued_at FROM ${p}`,
    },
    {
      // The balance trigger brings each invoice's balance down by these, as it does for real entries.
      label: 'invoices: payment, write-off and cancellation entries',
      sql: `INSERT INTO ${ledger}.invoice_entries (invoice_id, kind, amount_minor, source_id, source, occurred_at, recorded_at)
            SELECT invoice_id, kind, -amount, source_id, 'erp', settled_at, settled_at FROM (
              SELECT invoice_id, 'payment' AS kind, paid_minor AS amount, 'pay-' || i AS source_id, settled_at
              FROM ${p} WHERE paid_minor > 0
              UNION ALL
              SELECT invoice_id, CASE state WHEN 'written-off' THEN 'write-off' ELSE 'cancellation' END, amount_minor,
                     'close-' || i, settled_at
              FROM ${p} WHERE state IN ('written-off', 'cancelled')) e`,
    },
    {
      label: 'invoices: disputes',
      sql: `INSERT INTO ${ledger}.disputes (dispute_id, invoice_id, status, reason, opened_at, opened_source, opened_recorded_at)
            SELECT 'dsp-' || i, invoice_id, 'open', 'goods damaged on arrival', overdue_at + interval '3 days', 'erp',
                   overdue_at + interval '3 days'
            FROM ${p} WHERE state = 'disputed'`,
    },
    {
      label: 'invoices: charges',
      sql: `INSERT INTO ${ledger}.charges (charge_id, customer_id, notice_id, invoice_id, invoice_ids, kind, currency,
              amount_minor, description, levied_at, booked_at, source_event_id)
            SELECT 'chg-' || i, customer_id, 'st-' || i || '-3', invoice_id, ARRAY[invoice_id], 'fee', currency,
                   15 * (10 ^ decimals)::bigint, 'Final notice fee', overdue_at + interval '60 days',
                   overdue_at + interval '60 days', 'bench-' || i
            FROM ${p} WHERE state = 'overdue-90+' AND i % 4 = 0`,
    },
  ];
}
