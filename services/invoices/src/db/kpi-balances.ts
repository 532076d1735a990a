import { AS_OF_BALANCES_SQL } from './as-of-balances.ts';
import { summaryBalancesSql } from './receivable-summary.queries.ts';

/**
 * The KPI query's balances at the ends of its periods, as two CTE lists: `instants` (placed after
 * `periods`) and `balances (period_from, currency, opening, closing, closing_current, closing_over_90)`
 * (placed after `lines`). Opening is the open total at the end of the day before the period, closing
 * at the end of its last day; current: not past due then; over 90: more than 90 days past due then.
 */
export interface KpiBalancesSql {
  instants: string;
  balances: string;
  /** Whether the query takes one more parameter (the currency, or null). */
  summary: boolean;
}

const balancesFrom = (source: string, amount: string) => `
  balances AS (
    SELECT l.period_from, l.currency,
           coalesce(sum(o.${amount}) FILTER (WHERE o.as_of = l.period_from - 1), 0) AS opening,
           coalesce(sum(o.${amount}) FILTER (WHERE o.as_of = l.period_to), 0) AS closing,
           coalesce(sum(o.${amount}) FILTER (WHERE o.as_of = l.period_to AND o.due_date >= l.period_to), 0)
             AS closing_current,
           coalesce(sum(o.${amount}) FILTER (WHERE o.as_of = l.period_to AND l.period_to - o.due_date > 90), 0)
             AS closing_over_90
    FROM lines l
    JOIN ${source} o ON o.currency = l.currency AND o.as_of IN (l.period_from - 1, l.period_to)
    GROUP BY l.period_from, l.currency
  )`;

/** From the receivable summary; `currencyParam` holds the currency filter or null. */
export function kpiSummaryBalancesSql(currencyParam: string): KpiBalancesSql {
  return {
    instants: `
  instants AS (SELECT DISTINCT d AS as_of FROM periods, unnest(ARRAY[period_from - 1, period_to]) AS d),
  ${summaryBalancesSql(currencyParam, 'many')}`,
    balances: balancesFrom('summary_balances', 'open_minor'),
    summary: true,
  };
}

/** From the kept balances minus later entries (as-of-balances.ts); `onBalances`: filter conditions on `b`. */
export function kpiKeptBalancesSql(onBalances: string): KpiBalancesSql {
  return {
    instants: `
  instants AS (
    SELECT DISTINCT d AS as_of, (d + 1)::timestamp AT TIME ZONE $3 AS end_at
    FROM periods, unnest(ARRAY[period_from - 1, period_to]) AS d
  ),
  ${AS_OF_BALANCES_SQL},
  open_balances AS (
    SELECT b.as_of, b.currency, b.due_date, b.balance FROM as_of_balances b
    WHERE b.balance > 0${onBalances}
  )`,
    balances: balancesFrom('open_balances', 'balance'),
    summary: false,
  };
}
