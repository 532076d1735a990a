import type pg from 'pg';

// Sums come as text: a sum of amounts that each fit a bigint need not.
export interface EffectivenessRow {
  policy_id: string;
  step_name: string;
  action: string;
  currency: string;
  dunned: number;
  paid7: number;
  paid14: number;
  paid30: number;
  amount7: string;
  amount14: string;
  amount30: string;
}

/**
 * Per policy, step, action (channel or task) and currency: the invoices it was about, and how many of
 * them (and what amount) were paid within 7/14/30 days (of DAY_MS) after it. Read from the totals the
 * database keeps (migration 015) and the changes not yet folded into them: a few dozen rows however
 * many invoices were dunned.
 */
export async function effectivenessRows(db: pg.Pool | pg.PoolClient): Promise<EffectivenessRow[]> {
  const result = await db.query<EffectivenessRow>(
    `SELECT policy_id, step_name, action, currency, sum(dunned)::int AS dunned,
       sum(paid7)::int AS paid7, sum(paid14)::int AS paid14, sum(paid30)::int AS paid30,
       sum(amount7)::text AS amount7, sum(amount14)::text AS amount14, sum(amount30)::text AS amount30
     FROM (SELECT policy_id, step_name, action, currency, dunned, paid7, paid14, paid30, amount7, amount14, amount30
           FROM effectiveness_totals
           UNION ALL
           SELECT policy_id, step_name, action, currency, dunned, paid7, paid14, paid30, amount7, amount14, amount30
           FROM effectiveness_changes) kept
     GROUP BY policy_id, step_name, action, currency
     HAVING sum(dunned) <> 0
     ORDER BY policy_id, step_name, action, currency`,
  );
  return result.rows;
}

/** Rebuilds the kept totals for `dayMs` unless they were built for it; true when it rebuilt. */
export async function rebuildEffectivenessSummary(
  db: pg.Pool | pg.PoolClient,
  dayMs: number,
): Promise<boolean> {
  const result = await db.query<{ rebuilt: boolean }>({
    text: 'SELECT rebuild_effectiveness_summary($1) AS rebuilt',
    values: [dayMs],
  });
  return result.rows[0]?.rebuilt ?? false;
}

/** Folds up to `limit` logged changes into the totals; -1 when another replica is at it. */
export async function compactEffectivenessChanges(
  db: pg.Pool | pg.PoolClient,
  limit: number,
): Promise<number> {
  const result = await db.query<{ moved: string }>({
    text: 'SELECT compact_effectiveness_changes($1) AS moved',
    values: [limit],
  });
  return Number(result.rows[0]?.moved ?? 0);
}

/** Folds up to `limit` logged changes of open cases into their counts; -1 when another replica is at it. */
export async function compactOpenCaseCountChanges(
  db: pg.Pool | pg.PoolClient,
  limit: number,
): Promise<number> {
  const result = await db.query<{ moved: string }>({
    text: 'SELECT compact_open_case_count_changes($1) AS moved',
    values: [limit],
  });
  return Number(result.rows[0]?.moved ?? 0);
}

export interface CasesByLevelRow {
  level: number | null;
  cases: number;
  in_legal: number;
}

/**
 * Open (not closed) cases by the highest level of notice they got; null: none yet. From the kept counts
 * and the log not yet folded into them (migration 018).
 */
export async function casesByLevel(db: pg.Pool | pg.PoolClient): Promise<CasesByLevelRow[]> {
  const result = await db.query<CasesByLevelRow>(
    `SELECT level, sum(count)::int AS cases, coalesce(sum(count) FILTER (WHERE in_legal), 0)::int AS in_legal
     FROM (SELECT level, in_legal, count FROM open_case_counts
           UNION ALL SELECT level, in_legal, delta FROM open_case_count_changes) counted
     GROUP BY level HAVING sum(count) <> 0 ORDER BY level NULLS FIRST`,
  );
  return result.rows;
}
