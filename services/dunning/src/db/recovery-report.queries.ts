import type pg from 'pg';

/** Balance falls that count as recovered: money paid or credited, never a write-off or discount. */
export const RECOVERING_KINDS = ['payment', 'credit-note', 'dispute-adjustment', 'paid', 'credited'];
const CHANNELS = ['email', 'sms', 'letter'];

export interface ReportFilter {
  from: Date;
  to: Date;
  currency: string | null;
  collectorId: string | null;
}

// Sums come as text: a sum of amounts that each fit a bigint need not.
export interface RecoveryRow {
  dimension: 'total' | 'collector' | 'level' | 'channel' | 'notices';
  key: string | null;
  currency: string;
  invoices: number;
  recovered_invoices: number;
  overdue_minor: string;
  recovered_minor: string;
}

// The collector of an invoice at an instant: whoever holds the newest collections task on it created
// before. An aggregate, not ORDER BY … LIMIT 1, so the planner finds the tasks by the invoice (GIN index)
// rather than walking every task newest first.
const collectorAt = (invoice: string, at: string) =>
  `(SELECT (array_agg(t.collector_id ORDER BY t.created_at DESC, t.task_id DESC))[1] FROM collector_tasks t
    WHERE t.invoice_ids @> ARRAY[${invoice}] AND t.queue = 'collections' AND t.collector_id IS NOT NULL
      AND t.created_at < ${at})`;

/**
 * Per currency, and per collector, level and channel within it: the invoices overdue with a balance at
 * `from`, that balance, and what of it was paid or credited before `to` (README, "Recovery report").
 * Collector, level and channel are read as they stood at the invoice's last recovery in the period
 * (else at `to`). `notices` rows count the channel's notices sent in the period on those invoices.
 */
export async function recoveryRows(db: pg.Pool | pg.PoolClient, f: ReportFilter): Promise<RecoveryRow[]> {
  const result = await db.query<RecoveryRow>({
    text: `WITH opening AS (
             SELECT c.invoice_id, c.currency,
               c.amount_minor - COALESCE((SELECT sum(m.delta_minor) FROM balance_movements m
                                          WHERE m.invoice_id = c.invoice_id AND m.at < $1), 0) AS overdue
             FROM dunning_cases c
             WHERE c.overdue_at < $1 AND ($3::text IS NULL OR c.currency = $3)
               AND (c.status <> 'closed' OR c.closed_at >= $1)),
           recovery AS (
             SELECT o.invoice_id, o.currency, o.overdue,
               greatest(0, least(o.overdue, COALESCE(r.total, 0))) AS recovered,
               ${collectorAt('o.invoice_id', 'COALESCE(r.last_at, $2)')} AS collector_id,
               (SELECT max(s.notice_level) FROM dunning_steps s
                WHERE s.invoice_id = o.invoice_id AND s.status = 'done'
                  AND s.executed_at < COALESCE(r.last_at, $2)) AS level,
               -- The last notice's channels: its actions are <stepId>.<channel> (primary key lookups).
               (SELECT array_agg(a.action ORDER BY a.action) FROM step_actions a
                WHERE a.action_id IN (n.step_id || '.email', n.step_id || '.sms', n.step_id || '.letter'))
                 AS channels
             FROM opening o
             LEFT JOIN LATERAL (
               SELECT sum(m.delta_minor) AS total, max(m.at) AS last_at FROM balance_movements m
               WHERE m.invoice_id = o.invoice_id AND m.at >= $1 AND m.at < $2 AND m.kind = ANY($5)) r ON true
             LEFT JOIN LATERAL (
               SELECT (array_agg(l.step_id ORDER BY l.requested_at DESC, l.step_id DESC))[1] AS step_id
               FROM step_actions l
               WHERE l.invoice_ids @> ARRAY[o.invoice_id] AND l.action = ANY($6)
                 AND l.requested_at < COALESCE(r.last_at, $2)) n ON true
             WHERE o.overdue > 0),
           chosen AS MATERIALIZED (
             SELECT * FROM recovery WHERE $4::text IS NULL OR collector_id = $4),
           per_channel AS (
             SELECT ch, currency, overdue, recovered FROM chosen,
               unnest(COALESCE(channels, ARRAY['none'])) AS ch)
           SELECT 'total' AS dimension, NULL AS key, currency, count(*)::int AS invoices,
             count(*) FILTER (WHERE recovered > 0)::int AS recovered_invoices,
             sum(overdue)::text AS overdue_minor, sum(recovered)::text AS recovered_minor
           FROM chosen GROUP BY currency
           UNION ALL
           SELECT 'collector', collector_id, currency, count(*)::int, count(*) FILTER (WHERE recovered > 0)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM chosen GROUP BY collector_id, currency
           UNION ALL
           SELECT 'level', level::text, currency, count(*)::int, count(*) FILTER (WHERE recovered > 0)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM chosen GROUP BY level, currency
           UNION ALL
           SELECT 'channel', ch, currency, count(*)::int, count(*) FILTER (WHERE recovered > 0)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM per_channel GROUP BY ch, currency
           UNION ALL
           SELECT 'notices', a.action, c.currency, count(DISTINCT a.action_id)::int, 0, '0', '0'
           FROM step_actions a CROSS JOIN LATERAL unnest(a.invoice_ids) AS i (invoice_id)
           JOIN chosen c ON c.invoice_id = i.invoice_id
           WHERE a.action = ANY($6) AND a.requested_at >= $1 AND a.requested_at < $2
           GROUP BY a.action, c.currency
           ORDER BY 1, 3, 2 NULLS FIRST`,
    values: [f.from, f.to, f.currency, f.collectorId, RECOVERING_KINDS, CHANNELS],
  });
  return result.rows;
}

export interface CollectorRow {
  section:
    | 'created'
    | 'done'
    | 'outcome'
    | 'promises-recorded'
    | 'promises-kept'
    | 'promises-broken'
    | 'recovered';
  collector_id: string;
  key: string | null;
  currency: string;
  n: number;
  amount_minor: string;
}

/**
 * Per collector and currency, in [from, to): tasks created and done, outcomes by kind, promises
 * recorded, kept and broken, and what was recovered on invoices their tasks held (README, "Collector
 * report"). Each row is one counter; the route assembles them.
 */
export async function collectorRows(db: pg.Pool | pg.PoolClient, f: ReportFilter): Promise<CollectorRow[]> {
  const result = await db.query<CollectorRow>({
    text: `WITH tasks AS (
             SELECT collector_id, currency, created_at, done_at, outcome ->> 'outcome' AS outcome
             FROM collector_tasks
             WHERE queue = 'collections' AND collector_id IS NOT NULL
               AND ((created_at >= $1 AND created_at < $2) OR (done_at >= $1 AND done_at < $2))
               AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR collector_id = $4)),
           promises AS (
             SELECT collector_id, currency, status, recorded_at, settled_at FROM payment_promises
             WHERE ((recorded_at >= $1 AND recorded_at < $2) OR (settled_at >= $1 AND settled_at < $2))
               AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR collector_id = $4)),
           recovered AS (
             SELECT ${collectorAt('m.invoice_id', 'm.at')} AS collector_id, m.currency, m.delta_minor
             FROM balance_movements m
             WHERE m.at >= $1 AND m.at < $2 AND m.kind = ANY($5) AND ($3::text IS NULL OR m.currency = $3))
           SELECT 'created' AS section, collector_id, NULL AS key, currency, count(*)::int AS n, '0' AS amount_minor
           FROM tasks WHERE created_at >= $1 AND created_at < $2 GROUP BY collector_id, currency
           UNION ALL
           SELECT 'done', collector_id, NULL, currency, count(*)::int, '0'
           FROM tasks WHERE done_at >= $1 AND done_at < $2 GROUP BY collector_id, currency
           UNION ALL
           SELECT 'outcome', collector_id, outcome, currency, count(*)::int, '0'
           FROM tasks WHERE done_at >= $1 AND done_at < $2 GROUP BY collector_id, outcome, currency
           UNION ALL
           SELECT 'promises-recorded', collector_id, NULL, currency, count(*)::int, '0'
           FROM promises WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY collector_id, currency
           UNION ALL
           SELECT 'promises-' || status, collector_id, NULL, currency, count(*)::int, '0'
           FROM promises WHERE status IN ('kept', 'broken') AND settled_at >= $1 AND settled_at < $2
           GROUP BY collector_id, status, currency
           UNION ALL
           SELECT 'recovered', collector_id, NULL, currency, count(*)::int, sum(delta_minor)::text
           FROM recovered WHERE collector_id IS NOT NULL AND ($4::text IS NULL OR collector_id = $4)
           GROUP BY collector_id, currency
           ORDER BY 2, 4, 1, 3`,
    values: [f.from, f.to, f.currency, f.collectorId, RECOVERING_KINDS],
  });
  return result.rows;
}
