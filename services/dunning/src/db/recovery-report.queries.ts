import { withTransaction } from '@dunning/pg';
import type pg from 'pg';

/** Balance falls that count as recovered: money paid or credited, never a write-off or discount. */
export const RECOVERING_KINDS = ['payment', 'credit-note', 'dispute-adjustment', 'paid', 'credited'];
export const NOTICE_CHANNELS = ['email', 'sms', 'letter'];

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

/**
 * Per currency, and per collector, level and channel within it: the invoices overdue with a balance at
 * `from`, that balance, and what of it was paid or credited before `to` (README, "Recovery report").
 * Collector, level and channel are read as they stood at the invoice's last recovery in the period
 * (else at `to`). `notices` rows count the channel's notices sent in the period on those invoices.
 *
 * Everything comes from each invoice's kept facts (migration 017): its opening balance is its amount
 * less every movement plus those since `from`; each attribution is the kept newest or the one before it
 * when the instant asked about falls after it, else (or when a task of it changed hands since) the
 * invoice's own history is looked up, by index;
 * its notices in the period are counted in its sorted instants, and notices shared by several invoices
 * apart.
 */
export async function recoveryRows(pool: pg.Pool, f: ReportFilter): Promise<RecoveryRow[]> {
  const result = await withTransaction(pool, async (db) => {
    // One snapshot for both statements. A few hundred thousand narrow rows: compiling the statement (JIT)
    // costs more than it saves; reading them with one parallel worker is cheaper than the planner thinks
    // (at a million invoices: about 460 ms against 570 ms alone, 590 ms with two workers on two cores).
    await db.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off;
                    SET LOCAL work_mem = '64MB'; SET LOCAL max_parallel_workers_per_gather = 1;
                    SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0`);
    // Invoices whose tasks changed hands since their facts were kept (usually few): their collector is
    // looked up. A constant list, so the invoices are still read in parallel.
    const changed = await db.query<{ ids: string[] }>(
      'SELECT COALESCE(array_agg(DISTINCT invoice_id), ARRAY[]::text[]) AS ids FROM recovery_task_changes',
    );
    return db.query<RecoveryRow>({
      text: `WITH moved AS (
             SELECT m.invoice_id, sum(m.delta_minor)::bigint AS since_from,
               sum(m.delta_minor) FILTER (WHERE m.at < $2 AND m.kind = ANY($5))::bigint AS recovered,
               max(m.at) FILTER (WHERE m.at < $2 AND m.kind = ANY($5)) AS last_at
             FROM balance_movements m WHERE m.at >= $1 GROUP BY m.invoice_id),
           -- Each invoice's figures, and its attribution at the instant as kept; need_* marks a dimension
           -- the kept row cannot give, looked up below once its invoices are few.
           per_invoice AS NOT MATERIALIZED (
             SELECT o.invoice_id, o.currency, o.at, o.overdue, greatest(0, least(o.overdue, o.moved_in)) AS recovered,
               CASE WHEN o.task_created_at < o.at THEN o.collector_id ELSE o.prev_collector_id END AS collector_id,
               CASE WHEN o.invoice_id = ANY($7::text[]) THEN true
                    WHEN o.task_created_at IS NULL THEN false
                    WHEN o.task_created_at < o.at THEN NOT o.task_usable
                    WHEN o.prev_task_created_at IS NULL THEN false
                    WHEN o.prev_task_created_at < o.at THEN NOT o.prev_task_usable
                    ELSE true END AS need_collector,
               CASE WHEN o.level_at < o.at THEN o.level ELSE o.prev_level END AS level,
               NOT (o.level_at IS NULL OR o.level_at < o.at OR o.prev_level_at IS NULL OR o.prev_level_at < o.at)
                 AS need_level,
               CASE WHEN o.notice_at < o.at THEN o.channels ELSE o.prev_channels END AS channels,
               NOT (o.notice_at IS NULL OR o.notice_at < o.at OR o.prev_notice_at IS NULL OR o.prev_notice_at < o.at)
                 AS need_channels,
               -- Notices in [from, to): how many of the sorted instants come before each bound.
               ${noticesWithin('o.email_at')} AS email, ${noticesWithin('o.sms_at')} AS sms,
               ${noticesWithin('o.letter_at')} AS letter
             FROM (SELECT f.*, f.amount_minor - f.moved_minor + COALESCE(m.since_from, 0) AS overdue,
                     COALESCE(m.recovered, 0) AS moved_in, COALESCE(m.last_at, $2) AS at
                   FROM recovery_facts f LEFT JOIN moved m ON m.invoice_id = f.invoice_id
                   WHERE f.overdue_at < $1 AND (f.closed_at IS NULL OR f.closed_at >= $1)
                     AND ($3::text IS NULL OR f.currency = $3)) o
             WHERE o.overdue > 0),
           -- Summed per kept attribution; an invoice with a dimension to look up stays a group of its own.
           partial AS (
             SELECT currency, collector_id, level, channels, need_collector, need_level, need_channels,
               CASE WHEN need_collector OR need_level OR need_channels THEN invoice_id END AS invoice_id,
               CASE WHEN need_collector OR need_level OR need_channels THEN at END AS at,
               count(*) AS invoices, count(*) FILTER (WHERE recovered > 0) AS recovered_invoices,
               sum(overdue) AS overdue, sum(recovered) AS recovered,
               sum(email) AS email, sum(sms) AS sms, sum(letter) AS letter
             FROM per_invoice GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
           resolved AS MATERIALIZED (
             SELECT p.currency,
               CASE WHEN p.need_collector THEN (${collectorAt('p')}) ELSE p.collector_id END AS collector_id,
               CASE WHEN p.need_level THEN (${levelAt('p')}) ELSE p.level END AS level,
               CASE WHEN p.need_channels THEN (${channelsAt('p')}) ELSE p.channels END AS channels,
               p.invoices, p.recovered_invoices, p.overdue, p.recovered, p.email, p.sms, p.letter
             FROM partial p),
           -- Every dimension is summed from these few groups.
           groups AS MATERIALIZED (
             SELECT currency, collector_id, level, channels, sum(invoices) AS invoices,
               sum(recovered_invoices) AS recovered_invoices, sum(overdue) AS overdue, sum(recovered) AS recovered,
               sum(email) AS email, sum(sms) AS sms, sum(letter) AS letter
             FROM resolved WHERE $4::text IS NULL OR collector_id = $4
             GROUP BY currency, collector_id, level, channels),
           -- Notices on several invoices in the period: usually none, and then no invoice is read again.
           shared_notices AS MATERIALIZED (
             SELECT a.action, a.invoice_id, a.action_id
             FROM step_actions sa JOIN step_action_invoices a ON a.action_id = sa.action_id
             WHERE cardinality(sa.invoice_ids) > 1 AND sa.action IN ('email', 'sms', 'letter')
               AND sa.requested_at >= $1 AND sa.requested_at < $2
               AND EXISTS (SELECT FROM step_actions x WHERE cardinality(x.invoice_ids) > 1
                             AND x.action IN ('email', 'sms', 'letter') AND x.requested_at >= $1 AND x.requested_at < $2)),
           -- The report's invoices among those a shared notice names (with their collector, for the filter).
           chosen AS (
             SELECT r.invoice_id, r.currency FROM (
               SELECT i.invoice_id, i.currency,
                 CASE WHEN i.need_collector THEN (${collectorAt('i')}) ELSE i.collector_id END AS collector_id
               FROM per_invoice i
               WHERE EXISTS (SELECT FROM shared_notices) AND i.invoice_id IN (SELECT invoice_id FROM shared_notices)) r
             WHERE $4::text IS NULL OR r.collector_id = $4),
           notices AS (
             SELECT action, currency, sum(n)::int AS n FROM (
               SELECT v.action, g.currency, v.n
               FROM groups g, LATERAL (VALUES ('email', g.email), ('sms', g.sms), ('letter', g.letter)) v (action, n)
               UNION ALL
               -- A notice on several of the invoices counts once.
               SELECT s.action, c.currency, count(DISTINCT s.action_id)
               FROM shared_notices s JOIN chosen c ON c.invoice_id = s.invoice_id
               GROUP BY s.action, c.currency) n
             GROUP BY action, currency HAVING sum(n) > 0)
           SELECT 'total' AS dimension, NULL AS key, currency, sum(invoices)::int AS invoices,
             sum(recovered_invoices)::int AS recovered_invoices,
             sum(overdue)::text AS overdue_minor, sum(recovered)::text AS recovered_minor
           FROM groups GROUP BY currency
           UNION ALL
           SELECT 'collector', collector_id, currency, sum(invoices)::int, sum(recovered_invoices)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM groups GROUP BY collector_id, currency
           UNION ALL
           SELECT 'level', level::text, currency, sum(invoices)::int, sum(recovered_invoices)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM groups GROUP BY level, currency
           UNION ALL
           SELECT 'channel', ch, currency, sum(invoices)::int, sum(recovered_invoices)::int,
             sum(overdue)::text, sum(recovered)::text
           FROM groups, unnest(CASE WHEN channels IS NULL THEN ARRAY['none']
                                    ELSE ARRAY(SELECT k.name FROM unnest(ARRAY['email', 'letter', 'sms'], ARRAY[1, 2, 4])
                                                 AS k (name, bit) WHERE channels & k.bit <> 0) END) AS ch
           GROUP BY ch, currency
           UNION ALL
           SELECT 'notices', action, currency, n, 0, '0', '0' FROM notices
           ORDER BY 1, 3, 2 NULLS FIRST`,
      values: [
        f.from,
        f.to,
        f.currency,
        f.collectorId,
        RECOVERING_KINDS,
        NOTICE_CHANNELS,
        changed.rows[0]?.ids ?? [],
      ],
    });
  });
  return result.rows;
}

/** The collector of the newest collections task a collector held on the invoice created before `at`. */
function collectorAt(row: string): string {
  return `SELECT t.collector_id FROM collector_task_invoices ti
          JOIN collector_tasks t ON t.task_id = ti.task_id AND t.queue = 'collections' AND t.collector_id IS NOT NULL
          WHERE ti.invoice_id = ${row}.invoice_id AND ti.created_at < ${row}.at
          ORDER BY ti.created_at DESC, ti.task_id DESC LIMIT 1`;
}

/** The highest notice level of the invoice's steps done before `at`. */
function levelAt(row: string): string {
  return `SELECT max(s.notice_level) FROM dunning_steps s
          WHERE s.invoice_id = ${row}.invoice_id AND s.status = 'done' AND s.executed_at < ${row}.at`;
}

/** The channels (as bits) of the invoice's last notice before `at`: its actions are <stepId>.<channel>. */
function channelsAt(row: string): string {
  return `SELECT recovery_channel_bits(a.action) FILTER (WHERE a.action_id = a.step_id || '.' || a.action)
          FROM step_action_invoices a
          WHERE a.invoice_id = ${row}.invoice_id AND a.action = ANY($6) AND a.requested_at < ${row}.at
          GROUP BY a.requested_at, a.step_id ORDER BY a.requested_at DESC, a.step_id DESC LIMIT 1`;
}

/** Instants in [$1, $2) of a sorted array: width_bucket counts those at or before a bound. */
function noticesWithin(instants: string): string {
  const before = (bound: string) =>
    `width_bucket(${bound}::timestamptz - interval '1 microsecond', ${instants})`;
  return `COALESCE(${before('$2')} - ${before('$1')}, 0)`;
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
    // Tasks created and tasks done are two ranges read apart: a CTE of either would carry every task
    // created in the period (most of them) through the outcome counts too.
    text: `WITH done AS (
             SELECT collector_id, currency, outcome ->> 'outcome' AS outcome
             FROM collector_tasks
             WHERE queue = 'collections' AND collector_id IS NOT NULL AND done_at >= $1 AND done_at < $2
               AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR collector_id = $4)),
           promises AS (
             SELECT collector_id, currency, status, recorded_at, settled_at FROM payment_promises
             WHERE ((recorded_at >= $1 AND recorded_at < $2) OR (settled_at >= $1 AND settled_at < $2))
               AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR collector_id = $4)),
           recovered AS (
             -- Each recovering movement under the collector of the newest collections task on its invoice
             -- created before it; movements with no such task count for nobody.
             SELECT DISTINCT ON (m.invoice_id, m.source_id) t.collector_id, m.currency, m.delta_minor
             FROM balance_movements m
             JOIN collector_task_invoices ti ON ti.invoice_id = m.invoice_id AND ti.created_at < m.at
             JOIN collector_tasks t ON t.task_id = ti.task_id AND t.queue = 'collections' AND t.collector_id IS NOT NULL
             WHERE m.at >= $1 AND m.at < $2 AND m.kind = ANY($5) AND ($3::text IS NULL OR m.currency = $3)
             ORDER BY m.invoice_id, m.source_id, ti.created_at DESC, ti.task_id DESC)
           SELECT 'created' AS section, collector_id, NULL AS key, currency, count(*)::int AS n, '0' AS amount_minor
           FROM collector_tasks
           WHERE queue = 'collections' AND collector_id IS NOT NULL AND created_at >= $1 AND created_at < $2
             AND ($3::text IS NULL OR currency = $3) AND ($4::text IS NULL OR collector_id = $4)
           GROUP BY collector_id, currency
           UNION ALL
           SELECT 'done', collector_id, NULL, currency, count(*)::int, '0'
           FROM done GROUP BY collector_id, currency
           UNION ALL
           SELECT 'outcome', collector_id, outcome, currency, count(*)::int, '0'
           FROM done GROUP BY collector_id, outcome, currency
           UNION ALL
           SELECT 'promises-recorded', collector_id, NULL, currency, count(*)::int, '0'
           FROM promises WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY collector_id, currency
           UNION ALL
           SELECT 'promises-' || status, collector_id, NULL, currency, count(*)::int, '0'
           FROM promises WHERE status IN ('kept', 'broken') AND settled_at >= $1 AND settled_at < $2
           GROUP BY collector_id, status, currency
           UNION ALL
           SELECT 'recovered', collector_id, NULL, currency, count(*)::int, sum(delta_minor)::text
           FROM recovered WHERE $4::text IS NULL OR collector_id = $4
           GROUP BY collector_id, currency
           ORDER BY 2, 4, 1, 3`,
    values: [f.from, f.to, f.currency, f.collectorId, RECOVERING_KINDS],
  });
  return result.rows;
}

/** Folds up to `limit` logged task changes into the recovery facts; -1 when another replica is at it. */
export async function compactRecoveryTaskChanges(pool: pg.Pool, limit: number): Promise<number> {
  const result = await pool.query<{ moved: string }>({
    text: 'SELECT compact_recovery_task_changes($1) AS moved',
    values: [limit],
  });
  return Number(result.rows[0]?.moved ?? 0);
}
