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
 * of each date: whole months before the date's month, its month's days up to it, and the changes not
 * yet compacted. `currencyParam`: a parameter holding a currency or null for all.
 */
export function summaryBalancesSql(currencyParam: string): string {
  const currency = (alias: string) =>
    `(${currencyParam}::text IS NULL OR ${alias}.currency = ${currencyParam})`;
  return `
  summary_balances AS (
    SELECT t.as_of, s.currency, s.risk_class, s.due_date,
           sum(s.open_minor) AS open_minor, sum(s.open_count) AS open_count
    FROM instants t
    CROSS JOIN LATERAL (
      SELECT m.currency, m.risk_class, m.due_date, m.open_minor, m.open_count FROM receivable_month_totals m
      WHERE m.month < date_trunc('month', t.as_of::timestamp)::date AND ${currency('m')}
      UNION ALL
      SELECT d.currency, d.risk_class, d.due_date, d.open_minor, d.open_count FROM receivable_day_totals d
      WHERE d.day >= date_trunc('month', t.as_of::timestamp)::date AND d.day <= t.as_of AND ${currency('d')}
      UNION ALL
      SELECT c.currency, c.risk_class, c.due_date, c.open_minor, c.open_count FROM receivable_changes c
      WHERE c.day <= t.as_of AND ${currency('c')}
    ) s
    GROUP BY t.as_of, s.currency, s.risk_class, s.due_date
    HAVING sum(s.open_count) <> 0
  )`;
}
