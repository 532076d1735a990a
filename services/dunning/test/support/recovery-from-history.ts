import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import {
  NOTICE_CHANNELS,
  RECOVERING_KINDS,
  type RecoveryRow,
  type ReportFilter,
} from '../../src/db/recovery-report.queries.ts';

// The recovery report as it reads every invoice's history (no kept facts): the reference the kept facts
// (migration 017) are checked against on random histories. Invoice → task and invoice → notice come
// from the join tables of migration 014.

/**
 * Per currency, and per collector, level and channel within it: the invoices overdue with a balance at
 * `from`, that balance, and what of it was paid or credited before `to` (README, "Recovery report").
 * Collector, level and channel are read as they stood at the invoice's last recovery in the period
 * (else at `to`). `notices` rows count the channel's notices sent in the period on those invoices.
 */
export async function recoveryRowsFromHistory(pool: pg.Pool, f: ReportFilter): Promise<RecoveryRow[]> {
  // The joins hash and sort every overdue invoice's tasks, notices and steps: with the default 4 MB
  // they spill to disk from a few ten thousand invoices on.
  const result = await withTransaction(pool, async (db) => {
    await db.query(`SET LOCAL work_mem = '64MB'`);
    return db.query<RecoveryRow>({
      text: `WITH opening AS (
             SELECT c.invoice_id, c.currency, c.amount_minor - COALESCE(b.moved, 0) AS overdue
             FROM dunning_cases c
             LEFT JOIN LATERAL (SELECT sum(m.delta_minor) AS moved FROM balance_movements m
                                WHERE m.invoice_id = c.invoice_id AND m.at < $1) b ON true
             WHERE c.overdue_at < $1 AND ($3::text IS NULL OR c.currency = $3)
               AND (c.status <> 'closed' OR c.closed_at >= $1)),
           recovering AS (
             SELECT m.invoice_id, sum(m.delta_minor) AS total, max(m.at) AS last_at FROM balance_movements m
             WHERE m.at >= $1 AND m.at < $2 AND m.kind = ANY($5) GROUP BY m.invoice_id),
           base AS MATERIALIZED (
             -- Collector, level and channel as they stood at the invoice's last recovery, else at $2.
             SELECT o.invoice_id, o.currency, o.overdue, greatest(0, least(o.overdue, COALESCE(r.total, 0))) AS recovered,
               COALESCE(r.last_at, $2) AS at
             FROM opening o LEFT JOIN recovering r ON r.invoice_id = o.invoice_id
             WHERE o.overdue > 0),
           collector AS (
             SELECT DISTINCT ON (b.invoice_id) b.invoice_id, t.collector_id
             FROM base b
             JOIN collector_task_invoices ti ON ti.invoice_id = b.invoice_id AND ti.created_at < b.at
             JOIN collector_tasks t ON t.task_id = ti.task_id AND t.queue = 'collections' AND t.collector_id IS NOT NULL
             ORDER BY b.invoice_id, ti.created_at DESC, ti.task_id DESC),
           level AS (
             SELECT b.invoice_id, max(s.notice_level) AS level
             FROM base b JOIN dunning_steps s ON s.invoice_id = b.invoice_id AND s.status = 'done' AND s.executed_at < b.at
             GROUP BY b.invoice_id),
           -- The channels of the last notice before that instant: its actions are <stepId>.<channel>.
           notice_steps AS (
             SELECT b.invoice_id, n.requested_at, n.step_id,
               array_agg(n.action ORDER BY n.action) FILTER (WHERE n.action_id = n.step_id || '.' || n.action)
                 AS channels
             FROM base b JOIN step_action_invoices n
               ON n.invoice_id = b.invoice_id AND n.action = ANY($6) AND n.requested_at < b.at
             GROUP BY b.invoice_id, n.requested_at, n.step_id),
           notice_channels AS (
             SELECT DISTINCT ON (invoice_id) invoice_id, channels FROM notice_steps
             ORDER BY invoice_id, requested_at DESC, step_id DESC),
           chosen AS MATERIALIZED (
             SELECT b.*, c.collector_id, l.level, nc.channels
             FROM base b
             LEFT JOIN collector c ON c.invoice_id = b.invoice_id
             LEFT JOIN level l ON l.invoice_id = b.invoice_id
             LEFT JOIN notice_channels nc ON nc.invoice_id = b.invoice_id
             WHERE $4::text IS NULL OR c.collector_id = $4),
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
           FROM step_action_invoices a JOIN chosen c ON c.invoice_id = a.invoice_id
           WHERE a.action = ANY($6) AND a.requested_at >= $1 AND a.requested_at < $2
           GROUP BY a.action, c.currency
           ORDER BY 1, 3, 2 NULLS FIRST`,
      values: [f.from, f.to, f.currency, f.collectorId, RECOVERING_KINDS, NOTICE_CHANNELS],
    });
  });
  return result.rows;
}
