// Times the report queries against a loaded ledger (e.g. after a 1M-line initial load):
//   DB_SCHEMA=<schema> node services/invoices/scripts/bench-reports.ts [asOf] [from] [to] [--full-sum]
// Reads DATABASE_URL and DB_SCHEMA like the service; prints one line per query. --full-sum times the
// reference that re-adds every entry per date (test/reports-full-sum.ts) instead, for a before/after.
import { createPool } from '@dunning/pg';
import { loadConfig } from '../src/config.ts';
import { forecastItems, openPromises } from '../src/db/forecast.queries.ts';
import * as insight from '../src/db/insight-reports.queries.ts';
import { overdueReasons, topCustomers, writeOffsByMonth } from '../src/db/insight-reports.queries.ts';
import * as keptBalances from '../src/db/reports.queries.ts';
import { DEFAULT_FORECAST_RULES, FORECAST_LOOKBACK_DAYS } from '../src/domain/cash-forecast.ts';
import { addDays, completeMonthsBefore, monthsUpTo } from '../src/domain/report-months.ts';
import {
  fullSumAgingBuckets,
  fullSumAgingBucketsByCustomer,
  fullSumKpis,
  fullSumProvisionBalances,
} from '../test/reports-full-sum.ts';

const [asOf = new Date().toISOString().slice(0, 10), from = '2026-07-01', to = '2026-09-30'] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--full-sum');
const fullSum = process.argv.includes('--full-sum');
const agingBuckets = fullSum ? fullSumAgingBuckets : keptBalances.agingBuckets;
const agingBucketsByCustomer = fullSum ? fullSumAgingBucketsByCustomer : keptBalances.agingBucketsByCustomer;
const kpis = fullSum ? fullSumKpis : keptBalances.kpis;
const provisionBalances = fullSum ? fullSumProvisionBalances : insight.provisionBalances;
const config = loadConfig();
const pool = createPool({
  connectionString: config.DATABASE_URL,
  schema: config.DB_SCHEMA,
  applicationName: 'invoices-bench-reports',
});
const invoices = await pool.query<{ n: bigint }>('SELECT count(*) AS n FROM invoices');
process.stdout.write(`${invoices.rows[0]?.n} invoices in ${config.DB_SCHEMA}\n`);
const firstCustomer = await pool.query<{ customer_id: string }>('SELECT customer_id FROM invoices LIMIT 1');
const customerId = firstCustomer.rows[0]?.customer_id;
const timeZone = config.REPORTING_TIME_ZONE;
const queries: [string, () => Promise<unknown[]>][] = [
  [`aging as of ${asOf}, every currency`, () => agingBuckets(pool, { asOf, timeZone })],
  [`aging as of ${asOf}, EUR`, () => agingBuckets(pool, { asOf, currency: 'EUR', timeZone })],
  [`aging as of ${asOf}, customer ${customerId}`, () => agingBuckets(pool, { asOf, customerId, timeZone })],
  [`aging as of ${asOf}, top 100 customers`, () => agingBucketsByCustomer(pool, { asOf, timeZone }, 100)],
  [`KPIs ${from}..${to}`, () => kpis(pool, { periods: [{ from, to }], timeZone })],
  [
    `trends, 12 months before ${asOf}`,
    () => kpis(pool, { periods: completeMonthsBefore(asOf, 12), timeZone }),
  ],
  [`overdue reasons ${from}..${to}`, () => overdueReasons(pool, { from, to, timeZone })],
  [`top customers ${from}..${to}`, () => topCustomers(pool, { from, to, timeZone })],
  [
    `provision as of ${asOf}, 6 months of trend`,
    async () => {
      const months = monthsUpTo(asOf, 6);
      const dates = [...months.map((m) => addDays(m.from, -1)), asOf];
      return [
        ...(await provisionBalances(pool, { dates, timeZone })),
        ...(await writeOffsByMonth(pool, { from: months[0]?.from ?? asOf, to: asOf, timeZone })),
      ];
    },
  ],
  [
    `forecast inputs as of ${asOf} (items and open promises, as the route asks them)`,
    async () => {
      const filter = {
        asOf,
        timeZone,
        lookbackDays: FORECAST_LOOKBACK_DAYS,
        minPayments: DEFAULT_FORECAST_RULES.minPayments,
      };
      const [items, promises] = await Promise.all([forecastItems(pool, filter), openPromises(pool, filter)]);
      return [...items, ...promises];
    },
  ],
];
for (const [name, run] of queries) {
  const startedAt = performance.now();
  const rows = await run();
  process.stdout.write(`${name}: ${(performance.now() - startedAt).toFixed(0)} ms (${rows.length} rows)\n`);
}
await pool.end();
