// Dunning's share of the pages data set: collectors, customers, one case per invoice, its balance
// movements, the ladder's steps (done up to today, scheduled after), their actions, collectors' tasks,
// promises and blocks.
import { COLLECTORS } from '../../domain/seed-plan.ts';
import type { SeedStep } from './seed.ts';

/**
 * Steps due before tomorrow count as done: a step falling due while pages are timed would make the
 * platform send notices meanwhile, which is another benchmark's load.
 */
export function dunningSteps(ledger: string, dunning: string): SeedStep[] {
  const p = `${ledger}.bench_plan`;
  return [
    {
      label: 'dunning: collectors',
      sql: `INSERT INTO ${dunning}.collectors (collector_id, name, languages, capacity)
            SELECT 'col-' || n, 'Collector ' || n, CASE WHEN n % 2 = 0 THEN ARRAY['zh-CN', 'en'] ELSE ARRAY['en'] END, 400
            FROM generate_series(1, ${COLLECTORS}) AS n`,
    },
    {
      label: 'dunning: customers',
      sql: `INSERT INTO ${dunning}.dunning_customers (customer_id, time_zone, risk_class, risk_assessed_at, collector_id)
            SELECT customer_id, tz, (ARRAY['A', 'B', 'B', 'C'])[1 + c % 4], now() - interval '1 day', collector_id
            FROM ${ledger}.bench_customers`,
    },
    {
      label: 'dunning: cases',
      sql: `INSERT INTO ${dunning}.dunning_cases (invoice_id, customer_id, currency, amount_minor, balance_minor, due_date,
              status, opened_by_event, opened_at, number, overdue_at, policy_id, policy_version, paused_at, open_disputes,
              promise_id, balance_as_of, closed_at, close_reason)
            SELECT invoice_id, customer_id, currency, amount_minor,
                   CASE WHEN state IN ('paid', 'written-off', 'cancelled') THEN 0 ELSE amount_minor - paid_minor END,
                   to_char(due_date, 'YYYY-MM-DD'),
                   CASE WHEN state IN ('paid', 'written-off', 'cancelled') THEN 'closed'
                        WHEN state = 'disputed' OR (state = 'part-paid' AND i % 5 = 0 AND dpd > 8) THEN 'paused'
                        ELSE 'active' END,
                   'bench-' || i, issued_at, 'INV-' || lpad(i::text, 8, '0'), overdue_at, 'standard', 1,
                   CASE WHEN state = 'disputed' THEN overdue_at + interval '3 days'
                        WHEN state = 'part-paid' AND i % 5 = 0 AND dpd > 8 THEN now() - interval '2 days' END,
                   CASE WHEN state = 'disputed' THEN ARRAY['dsp-' || i] ELSE '{}' END,
                   CASE WHEN state = 'part-paid' AND i % 5 = 0 AND dpd > 8 THEN 'prm-' || i END,
                   coalesce(settled_at, issued_at),
                   CASE WHEN state IN ('paid', 'written-off', 'cancelled') THEN settled_at END,
                   CASE state WHEN 'paid' THEN 'paid' WHEN 'written-off' THEN 'written-off'
                              WHEN 'cancelled' THEN 'cancelled' END
            FROM ${p}`,
    },
    { label: 'dunning: analyze', sql: `ANALYZE ${dunning}.dunning_cases, ${dunning}.dunning_customers` },
    {
      // What the ledger moved on each case, as the recovery reports read it: a part-paid case's payments
      // when its balance was last posted, a closed case's close (the whole amount when paid).
      label: 'dunning: balance movements',
      sql: `INSERT INTO ${dunning}.balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
            SELECT invoice_id, 'payments', customer_id, currency, 'payment', amount_minor - balance_minor, balance_as_of
            FROM ${dunning}.dunning_cases WHERE status <> 'closed' AND balance_minor < amount_minor
            UNION ALL
            SELECT invoice_id, 'close', customer_id, currency, close_reason,
                   CASE WHEN close_reason = 'paid' THEN amount_minor ELSE balance_minor END, closed_at
            FROM ${dunning}.dunning_cases
            WHERE status = 'closed' AND (close_reason = 'paid' OR balance_minor > 0)`,
    },
    {
      label: 'dunning: steps',
      sql: `INSERT INTO ${dunning}.dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
              offset_days, definition, due_at, run_at, status, executed_at, notice_level, created_at)
            SELECT 'st-' || c.number || '-' || (s.step->>'level'), c.invoice_id, c.customer_id, 'standard', 1,
                   (s.step->>'level')::int, s.step->>'name', (s.step->>'offsetDays')::int, s.step, r.run_at, r.run_at,
                   CASE WHEN r.run_at < now() + interval '1 day' THEN 'done' ELSE 'scheduled' END,
                   CASE WHEN r.run_at < now() + interval '1 day' THEN least(r.run_at, now()) END,
                   CASE WHEN r.run_at < now() + interval '1 day' THEN (s.step->>'level')::int END,
                   c.opened_at
            FROM ${dunning}.dunning_cases c
            CROSS JOIN LATERAL (SELECT jsonb_array_elements(body->'steps') AS step FROM ${dunning}.policies
                                WHERE policy_id = 'standard' AND version = 1) s
            CROSS JOIN LATERAL (SELECT c.overdue_at + make_interval(days => (s.step->>'offsetDays')::int) AS run_at) r
            WHERE c.status <> 'closed' OR r.run_at < c.closed_at`,
    },
    { label: 'dunning: analyze steps', sql: `ANALYZE ${dunning}.dunning_steps` },
    {
      label: 'dunning: cases reached level',
      sql: `UPDATE ${dunning}.dunning_cases c SET reached_level = d.reached, last_notice_at = d.last_at
            FROM (SELECT invoice_id, max(notice_level) AS reached, max(executed_at) AS last_at
                  FROM ${dunning}.dunning_steps WHERE status = 'done' GROUP BY invoice_id) d
            WHERE d.invoice_id = c.invoice_id`,
    },
    {
      label: 'dunning: step actions',
      sql: `INSERT INTO ${dunning}.step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids,
              requested_at)
            SELECT s.step_id || '-' || a.action, s.step_id, s.customer_id, s.policy_id, s.name, a.action,
                   ARRAY[s.invoice_id], s.executed_at
            FROM ${dunning}.dunning_steps s CROSS JOIN LATERAL jsonb_array_elements_text(s.definition->'actions') AS a (action)
            WHERE s.status = 'done'`,
    },
    {
      label: 'dunning: timeline',
      sql: `INSERT INTO ${dunning}.case_timeline (invoice_id, at, kind, step_id, detail)
            SELECT s.invoice_id, s.executed_at, 'run', s.step_id, jsonb_build_object('level', s.level, 'name', s.name)
            FROM ${dunning}.dunning_steps s JOIN ${dunning}.dunning_cases c USING (invoice_id)
            WHERE s.status = 'done' AND c.status <> 'closed'`,
    },
    {
      // One task per open case the ladder has reached: the latest step's call, escalation or review.
      label: 'dunning: collector tasks',
      sql: `INSERT INTO ${dunning}.collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
              amount_minor, priority, base_priority, collector_id, status, created_at, assigned_at, claimed_at, done_at,
              close_reason, closed_at, outcome)
            SELECT 'task-' || c.number, c.customer_id,
                   (ARRAY['call-task', 'call-task', 'escalation-task', 'write-off-review-task'])[c.reached_level],
                   'st-' || c.number || '-' || c.reached_level,
                   (ARRAY['reminder', 'overdue-notice', 'final-notice', 'legal-letter'])[c.reached_level],
                   ARRAY[c.invoice_id], c.currency, c.balance_minor, c.balance_minor * c.reached_level,
                   c.balance_minor, k.collector_id, t.status, c.last_notice_at, c.last_notice_at,
                   CASE WHEN t.status IN ('claimed', 'done') THEN c.last_notice_at + interval '2 hours' END,
                   CASE WHEN t.status = 'done' THEN c.last_notice_at + interval '1 day' END,
                   CASE WHEN t.status = 'closed' THEN 'disputed' END,
                   CASE WHEN t.status = 'closed' THEN c.paused_at END,
                   CASE WHEN t.status = 'done' THEN '{"outcome": "no-answer"}'::jsonb END
            FROM ${dunning}.dunning_cases c JOIN ${dunning}.dunning_customers k USING (customer_id)
            CROSS JOIN LATERAL (SELECT CASE WHEN cardinality(c.open_disputes) > 0 THEN 'closed'
                                            WHEN c.promise_id IS NOT NULL THEN 'done'
                                            WHEN hashtext(c.invoice_id) % 10 < 6 THEN 'open'
                                            WHEN hashtext(c.invoice_id) % 10 < 8 THEN 'claimed'
                                            ELSE 'done' END AS status) t
            WHERE c.status <> 'closed' AND c.reached_level >= 1`,
    },
    {
      label: 'dunning: promises',
      sql: `INSERT INTO ${dunning}.payment_promises (promise_id, customer_id, task_id, collector_id, invoice_ids, promised_date,
              currency, amount_minor, check_at, recorded_at)
            SELECT c.promise_id, c.customer_id, t.task_id, t.collector_id, ARRAY[c.invoice_id],
                   to_char(current_date + 1 + hashtext(c.invoice_id) % 14 + 14, 'YYYY-MM-DD'), c.currency, c.balance_minor,
                   (current_date + 30)::timestamptz, c.paused_at
            FROM ${dunning}.dunning_cases c JOIN ${dunning}.collector_tasks t ON t.task_id = 'task-' || c.number
            WHERE c.promise_id IS NOT NULL`,
    },
    {
      label: 'dunning: blocks',
      sql: `INSERT INTO ${dunning}.dunning_blocks (block_id, scope, customer_id, invoice_id, reason, note, placed_by, placed_at)
            SELECT 'blk-' || invoice_id, 'invoice', customer_id, invoice_id, 'dispute', NULL, 'ledger', paused_at
            FROM ${dunning}.dunning_cases WHERE cardinality(open_disputes) > 0
            UNION ALL
            SELECT 'blk-' || customer_id, 'customer', customer_id, NULL, 'vip', 'key account, call first', 'admin',
                   now() - interval '10 days'
            FROM ${ledger}.bench_customers WHERE c % 500 = 0`,
    },
  ];
}
