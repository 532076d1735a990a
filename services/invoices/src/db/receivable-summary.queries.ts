import type pg from 'pg';
import type { ReportFilter } from '../reports/report-filter.ts';

/**
 * The open balances kept by migration 015 per (currency, risk class, due date, day of the reporting
 * zone), exact in each entry's own transaction. A report reads them when asked in the zone they were
 * built for and filtered at most by currency; other zones and customer filters read the ledger.
 */
export async function receivableSummaryZone(db: pg.Pool | pg.PoolClient): Promise<string | undefined> {
  const result = await db.query<{ time_zone: string }>('SELECT time_zone FROM receivable_summary_settings');
  return result.rows[0]?.time_zone;
}

/** Rebuilds the summary for `timeZone` unless it was built for it; true when it rebuilt. */
export async function rebuildReceivableSummary(
  db: pg.Pool | pg.PoolClient,
  timeZone: string,
): Promise<boolean> {
  const result = await db.query<{ rebuilt: boolean }>({
    text: 'SELECT rebuild_receivable_summary($1) AS rebuilt',
    values: [timeZone],
  });
  return result.rows[0]?.rebuilt ?? false;
}

/** Moves up to `limit` logged changes into the totals; -1 when another replica is compacting. */
export async function compactReceivableChanges(db: pg.Pool | pg.PoolClient, limit: number): Promise<number> {
  const result = await db.query<{ moved: string }>({
    text: 'SELECT compact_receivable_changes($1) AS moved',
    values: [limit],
  });
  return Number(result.rows[0]?.moved ?? 0);
}

/** Whether a report can read the summary: its zone and no filter the summary does not keep. */
export async function canUseSummary(
  db: pg.Pool | pg.PoolClient,
  filter: ReportFilter & { timeZone: string; customerId?: string | undefined },
): Promise<boolean> {
  if (filter.customerId !== undefined || filter.industry !== undefined) return false;
  if (filter.country !== undefined || filter.collectorId !== undefined) return false;
  return (await receivableSummaryZone(db)) === filter.timeZone;
}

/**
 * Needs a CTE `instants (as_of date)` before it; defines `summary_balances (as_of, currency, risk_class,
 * due_date, open_minor, open_count)`: the open amount and count of the invoices of each key at the end
 * of each date: whole months before it (its own too if it is the month's last day), the days of its
 * month up to it otherwise, and the changes not yet compacted. `currencyParam`: a parameter holding a
 * currency or null for all; `dates`: whether `instants` holds one date or several.
 *
 * The month totals are read once however many dates are asked (the trends ask for 13): each is
 * added to the first asked month after it, and a running sum per key gives the state at the start of
 * every asked month, valid until the key's next asked month with a change.
 */
export function summaryBalancesSql(currencyParam: string, dates: 'one' | 'many'): string {
  const currency = (alias: string) =>
    `(${currencyParam}::text IS NULL OR ${alias}.currency = ${currencyParam})`;
  // A date reads the months before the month of the day after it: a month end reads months only.
  const monthOf = (date: string) => `date_trunc('month', (${date} + 1)::timestamp)::date`;
  if (dates === 'one') return oneDateSql(currency, monthOf);
  return `
  summary_months AS (SELECT DISTINCT ${monthOf('as_of')} AS month FROM instants),
  summary_segments AS (
    SELECT x.currency, x.risk_class, x.due_date, x.upto,
           sum(x.open_minor) AS open_minor, sum(x.open_count) AS open_count
    FROM (
      SELECT m.currency, m.risk_class, m.due_date, m.open_minor, m.open_count,
             (SELECT min(k.month) FROM summary_months k WHERE k.month > m.month) AS upto
      FROM receivable_month_totals m
      WHERE m.month < (SELECT max(month) FROM summary_months) AND ${currency('m')}
    ) x
    GROUP BY x.currency, x.risk_class, x.due_date, x.upto
  ),
  summary_month_starts AS MATERIALIZED (
    SELECT currency, risk_class, due_date, upto, lead(upto) OVER w AS next_upto,
           sum(open_minor) OVER w AS open_minor, sum(open_count) OVER w AS open_count
    FROM summary_segments
    WINDOW w AS (PARTITION BY currency, risk_class, due_date ORDER BY upto)
  ),
  ${balancesAfterMonths(
    `SELECT b.currency, b.risk_class, b.due_date, b.open_minor, b.open_count FROM summary_month_starts b
      WHERE b.upto <= ${monthOf('t.as_of')} AND (b.next_upto IS NULL OR b.next_upto > ${monthOf('t.as_of')})`,
    currency,
    monthOf,
  )}`;
}

/** The same for a single date, read directly: less work than the running sums when there is one. */
function oneDateSql(currency: (alias: string) => string, monthOf: (date: string) => string): string {
  return balancesAfterMonths(
    `SELECT m.currency, m.risk_class, m.due_date, m.open_minor, m.open_count FROM receivable_month_totals m
      WHERE m.month < ${monthOf('t.as_of')} AND ${currency('m')}`,
    currency,
    monthOf,
  );
}

/**
 * `summary_balances`: per instant, the months before its month (`monthsBefore`, a SELECT of currency,
 * risk_class, due_date, open_minor, open_count that may refer to the instant as `t`), plus the day
 * totals of its month up to it, plus the changes not compacted yet.
 */
function balancesAfterMonths(
  monthsBefore: string,
  currency: (alias: string) => string,
  monthOf: (date: string) => string,
): string {
  return `
  summary_balances AS (
    SELECT t.as_of, s.currency, s.risk_class, s.due_date,
           sum(s.open_minor) AS open_minor, sum(s.open_count) AS open_count
    FROM instants t
    CROSS JOIN LATERAL (
      ${monthsBefore}
      UNION ALL
      SELECT d.currency, d.risk_class, d.due_date, d.open_minor, d.open_count FROM receivable_day_totals d
      WHERE d.day >= ${monthOf('t.as_of')} AND d.day <= t.as_of AND ${currency('d')}
      UNION ALL
      SELECT c.currency, c.risk_class, c.due_date, c.open_minor, c.open_count FROM receivable_changes c
      WHERE c.day <= t.as_of AND ${currency('c')}
    ) s
    GROUP BY t.as_of, s.currency, s.risk_class, s.due_date
    HAVING sum(s.open_count) <> 0
  )`;
}
