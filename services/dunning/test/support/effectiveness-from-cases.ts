import type pg from 'pg';
import type { EffectivenessRow } from '../../src/db/reports.queries.ts';

/**
 * The effectiveness report's figures summed from every action's invoices and their cases (seconds at a
 * million invoices): the reference the kept totals are checked against.
 */
export async function effectivenessRowsFromCases(db: pg.Pool, dayMs: number): Promise<EffectivenessRow[]> {
  const result = await db.query<EffectivenessRow>({
    text: `WITH dunned AS (
             SELECT a.policy_id, a.step_name, a.action, a.requested_at, c.currency, c.amount_minor,
               CASE WHEN c.close_reason IN ('paid', 'credited') THEN c.closed_at END AS paid_at
             FROM step_action_invoices s
             JOIN step_actions a ON a.action_id = s.action_id
             JOIN dunning_cases c ON c.invoice_id = s.invoice_id)
           SELECT policy_id, step_name, action, currency, count(*)::int AS dunned,
             count(*) FILTER (WHERE paid_at <= requested_at + $1 * interval '1 millisecond')::int AS paid7,
             count(*) FILTER (WHERE paid_at <= requested_at + $2 * interval '1 millisecond')::int AS paid14,
             count(*) FILTER (WHERE paid_at <= requested_at + $3 * interval '1 millisecond')::int AS paid30,
             COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $1 * interval '1 millisecond'), 0)::text AS amount7,
             COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $2 * interval '1 millisecond'), 0)::text AS amount14,
             COALESCE(sum(amount_minor) FILTER (WHERE paid_at <= requested_at + $3 * interval '1 millisecond'), 0)::text AS amount30
           FROM dunned GROUP BY policy_id, step_name, action, currency ORDER BY policy_id, step_name, action, currency`,
    values: [7 * dayMs, 14 * dayMs, 30 * dayMs],
  });
  return result.rows;
}
