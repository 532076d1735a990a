// Credit risk's and notifications' share of the pages data set, from the same plan as the ledger's.
import type { SeedStep } from './seed.ts';

const riskStatus = `CASE state WHEN 'paid' THEN 'settled' WHEN 'written-off' THEN 'written-off'
                                WHEN 'cancelled' THEN 'cancelled' ELSE 'open' END`;

export function creditRiskSteps(ledger: string, risk: string): SeedStep[] {
  const p = `${ledger}.bench_plan`;
  return [
    {
      // Assessed already (not dirty), so the assessor does not rescore 100,000 customers while pages are timed.
      label: 'credit-risk: customers',
      sql: `INSERT INTO ${risk}.risk_customers (customer_id, industry, first_seen_at, dirty)
            SELECT customer_id, industry, now() - interval '2 years', false FROM ${ledger}.bench_customers`,
    },
    {
      label: 'credit-risk: invoices',
      sql: `INSERT INTO ${risk}.risk_invoices (invoice_id, customer_id, currency, amount_minor, balance_minor, overdue_at,
              issued_at, status)
            SELECT invoice_id, customer_id, currency, amount_minor,
                   CASE WHEN state IN ('paid', 'written-off', 'cancelled') THEN 0 ELSE amount_minor - paid_minor END,
                   overdue_at, issued_at, ${riskStatus}
            FROM ${p}`,
    },
    {
      label: 'credit-risk: payments',
      sql: `INSERT INTO ${risk}.risk_payments (payment_id, invoice_id, customer_id, received_at, days_late)
            SELECT 'pay-' || i, invoice_id, customer_id, settled_at,
                   greatest(0, (settled_at AT TIME ZONE tz)::date - due_date)
            FROM ${p} WHERE paid_minor > 0`,
    },
    {
      label: 'credit-risk: settlements',
      sql: `INSERT INTO ${risk}.risk_settlements (invoice_id, customer_id, settled_at, days_late, written_off)
            SELECT invoice_id, customer_id, settled_at, greatest(0, (settled_at AT TIME ZONE tz)::date - due_date),
                   state = 'written-off'
            FROM ${p} WHERE state IN ('paid', 'written-off')`,
    },
    {
      label: 'credit-risk: disputes',
      sql: `INSERT INTO ${risk}.risk_disputes (dispute_id, invoice_id, customer_id, opened_at)
            SELECT 'dsp-' || i, invoice_id, customer_id, overdue_at + interval '3 days' FROM ${p} WHERE state = 'disputed'`,
    },
    {
      label: 'credit-risk: assessments',
      sql: `INSERT INTO ${risk}.risk_assessments (customer_id, assessed_at, trigger, model_version, score, class, warning,
              credit_limit_minor, currency, on_hold, hold_reason, factors, inputs, changed)
            SELECT customer_id, now() - interval '1 day', 'bench', 'v1', score,
                   CASE WHEN score >= 70 THEN 'A' WHEN score >= 40 THEN 'B' ELSE 'C' END,
                   CASE WHEN score >= 70 THEN 'none' WHEN score >= 40 THEN 'blue' WHEN score >= 25 THEN 'yellow' ELSE 'red' END,
                   (50000 * (10 ^ decimals))::bigint, currency, score < 25, CASE WHEN score < 25 THEN 'score below 25' ELSE '' END,
                   jsonb_build_array(
                     jsonb_build_object('name', 'avgDaysLate', 'value', (100 - score) / 5, 'contribution', -(100 - score) / 4),
                     jsonb_build_object('name', 'overdueShare', 'value', round((100 - score) / 200.0, 2), 'contribution', -10),
                     jsonb_build_object('name', 'relationshipDays', 'value', 730, 'contribution', 5)),
                   jsonb_build_object('avgDaysLate', (100 - score) / 5, 'overdueShare', round((100 - score) / 200.0, 2),
                     'relationshipDays', 730, 'industry', industry),
                   true
            FROM (SELECT *, 10 + (c * 37) % 90 AS score FROM ${ledger}.bench_customers) k`,
    },
    {
      label: 'credit-risk: standing',
      sql: `INSERT INTO ${risk}.risk_standing (customer_id, assessment_id)
            SELECT customer_id, max(assessment_id) FROM ${risk}.risk_assessments GROUP BY customer_id`,
    },
  ];
}

export function notificationSteps(ledger: string, dunning: string, notifications: string): SeedStep[] {
  const p = `${ledger}.bench_plan`;
  return [
    {
      label: 'notifications: customers',
      sql: `INSERT INTO ${notifications}.customers (customer_id, profile)
            SELECT customer_id, jsonb_build_object('customerId', customer_id, 'name', name,
                     'email', 'ap+' || customer_id || '@customer.example', 'phone', '+86138' || lpad(c::text, 8, '0'),
                     'locale', locale, 'timezone', tz,
                     'address', jsonb_build_object('line1', c || ' Commerce Road', 'city', 'Harbour City', 'country', country))
            FROM ${ledger}.bench_customers`,
    },
    {
      label: 'notifications: invoice balances',
      sql: `INSERT INTO ${notifications}.invoice_balances (invoice_id, customer_id, balance_minor, status, fact_at)
            SELECT invoice_id, customer_id,
                   CASE WHEN state IN ('paid', 'written-off', 'cancelled') THEN 0 ELSE amount_minor - paid_minor END,
                   ${riskStatus}, coalesce(settled_at, issued_at)
            FROM ${p}`,
    },
    {
      label: 'notifications: deliveries',
      sql: `INSERT INTO ${notifications}.deliveries (delivery_id, action_id, channel, customer_id, invoice_ids, step,
              template_key, action, status, locale, recipient, subject, body_text, attempts, requested_at, created_at, sent_at)
            SELECT 'dl-' || a.action_id, a.action_id, a.action, a.customer_id, a.invoice_ids, a.step_name,
                   'dunning.' || a.step_name, jsonb_build_object('actionId', a.action_id, 'action', a.action), 'sent', 'en',
                   CASE a.action WHEN 'email' THEN 'ap+' || a.customer_id || '@customer.example' ELSE '+8613800000000' END,
                   CASE a.action WHEN 'email' THEN 'Payment ' || a.step_name END,
                   'Your invoice ' || a.invoice_ids[1] || ' is overdue; please pay.', 1, a.requested_at, a.requested_at,
                   a.requested_at + interval '3 seconds'
            FROM ${dunning}.step_actions a WHERE a.action IN ('email', 'sms')`,
    },
  ];
}
