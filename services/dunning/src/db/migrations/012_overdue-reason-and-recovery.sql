-- Up Migration
-- The overdue reason a collector learnt, as a column the reports group by (it sat in the outcome JSON).
ALTER TABLE collector_tasks
  ADD COLUMN overdue_reason text CHECK (overdue_reason IN
    ('cash-flow', 'contract-dispute', 'operational', 'bad-credit', 'logistics', 'malicious', 'other'));
UPDATE collector_tasks SET overdue_reason = outcome ->> 'overdueReason'
WHERE outcome ->> 'overdueReason' IN
  ('cash-flow', 'contract-dispute', 'operational', 'bad-credit', 'logistics', 'malicious', 'other');

-- Every fall of an invoice's open balance dunning applied, dated when the ledger posted it: the recovery
-- reports need the balance at the start of a period and what was recovered within it, which the case's
-- current balance alone cannot give. kind: the ledger's cause (payment, credit-note, ...) or, for what
-- was left when the case closed, the close reason (paid, credited, written-off, cancelled).
CREATE TABLE balance_movements (
  invoice_id text NOT NULL,
  source_id text NOT NULL,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  kind text NOT NULL,
  -- Positive: the balance fell by this much; negative: it rose (a reversal).
  delta_minor bigint NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (invoice_id, source_id)
);
CREATE INDEX balance_movements_at_idx ON balance_movements (at) INCLUDE (invoice_id, kind, delta_minor);

-- History before this migration, as far as it is known: what an open (or written-off or cancelled) case
-- lost before, dated when its balance was posted, and what closed it, at its close. A paid or credited
-- case's balance was zeroed at its close, so its whole amount counts as recovered then.
INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
SELECT invoice_id, 'backfill', customer_id, currency, 'payment', amount_minor - balance_minor,
       COALESCE(balance_as_of, opened_at)
FROM dunning_cases
WHERE balance_minor < amount_minor AND NOT (status = 'closed' AND close_reason IN ('paid', 'credited'));
INSERT INTO balance_movements (invoice_id, source_id, customer_id, currency, kind, delta_minor, at)
SELECT invoice_id, 'close', customer_id, currency, close_reason,
       CASE WHEN close_reason IN ('paid', 'credited') THEN amount_minor ELSE balance_minor END,
       COALESCE(closed_at, opened_at)
FROM dunning_cases
WHERE status = 'closed' AND close_reason IS NOT NULL;

-- The reports find an invoice's tasks, notices and steps per invoice, and cases overdue by a date.
CREATE INDEX collector_tasks_invoices_idx ON collector_tasks USING gin (invoice_ids);
CREATE INDEX collector_tasks_created_idx ON collector_tasks (created_at);
CREATE INDEX collector_tasks_done_idx ON collector_tasks (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX dunning_cases_overdue_idx ON dunning_cases (overdue_at) INCLUDE (currency, amount_minor);
CREATE INDEX step_actions_requested_idx ON step_actions (requested_at);
CREATE INDEX dunning_steps_done_idx ON dunning_steps (invoice_id, executed_at) WHERE status = 'done';
CREATE INDEX payment_promises_recorded_idx ON payment_promises (recorded_at);
CREATE INDEX payment_promises_settled_idx ON payment_promises (settled_at) WHERE settled_at IS NOT NULL;
