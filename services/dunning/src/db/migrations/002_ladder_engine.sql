-- Up Migration
-- What dunning knows of each customer: zone for send windows and promise dates, risk class for the policy.
CREATE TABLE dunning_customers (
  customer_id text PRIMARY KEY,
  time_zone text NOT NULL DEFAULT 'UTC',
  risk_class char(1) NOT NULL DEFAULT 'B' CHECK (risk_class IN ('A', 'B', 'C')),
  risk_assessed_at timestamptz,
  collector_id text
);

-- Policies are versioned: a PUT adds a version; cases keep the version they were planned with.
CREATE TABLE policies (
  policy_id text NOT NULL,
  version int NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (policy_id, version)
);

ALTER TABLE dunning_cases
  ADD COLUMN number text NOT NULL DEFAULT '',
  ADD COLUMN overdue_at timestamptz,
  ADD COLUMN policy_id text,
  ADD COLUMN policy_version int,
  -- Total time spent paused so far; every later step is shifted by it.
  ADD COLUMN shift_ms bigint NOT NULL DEFAULT 0,
  ADD COLUMN paused_at timestamptz,
  ADD COLUMN open_disputes text[] NOT NULL DEFAULT '{}',
  -- Disputes resolved before their opening was seen (a reordered stream): their opening is ignored.
  ADD COLUMN resolved_disputes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN promise_id text,
  ADD COLUMN balance_as_of timestamptz,
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN close_reason text;

-- Facts that ended an invoice before its issue event was seen (a reordered stream).
CREATE TABLE closed_before_issue (
  invoice_id text PRIMARY KEY,
  reason text NOT NULL,
  at timestamptz NOT NULL
);

CREATE TABLE dunning_steps (
  step_id text PRIMARY KEY,
  invoice_id text NOT NULL REFERENCES dunning_cases (invoice_id),
  customer_id text NOT NULL,
  policy_id text NOT NULL,
  policy_version int NOT NULL,
  level int NOT NULL,
  name text NOT NULL,
  offset_days int NOT NULL,
  definition jsonb NOT NULL,
  due_at timestamptz NOT NULL,
  run_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled', 'skipped')),
  executed_at timestamptz,
  status_reason text,
  -- The step whose notice covered this one (consolidation); itself when it led the notice.
  notice_step_id text,
  -- When the horizon pump put its timer into BullMQ; cleared when run_at moves.
  enqueued_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dunning_steps_case_idx ON dunning_steps (invoice_id, level);
CREATE INDEX dunning_steps_due_idx ON dunning_steps (run_at) WHERE status = 'scheduled';
CREATE INDEX dunning_steps_unpumped_idx ON dunning_steps (run_at) WHERE status = 'scheduled' AND enqueued_at IS NULL;
CREATE INDEX dunning_steps_customer_idx ON dunning_steps (customer_id, name) WHERE status = 'scheduled';

-- Every decision on a case, in order: the audit timeline.
CREATE TABLE case_timeline (
  id bigserial PRIMARY KEY,
  invoice_id text NOT NULL,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  step_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_timeline_invoice_idx ON case_timeline (invoice_id, id);

-- One row per notice or task a step run requested: the effectiveness report reads it.
CREATE TABLE step_actions (
  action_id text PRIMARY KEY,
  step_id text NOT NULL,
  customer_id text NOT NULL,
  policy_id text NOT NULL,
  step_name text NOT NULL,
  action text NOT NULL,
  invoice_ids text[] NOT NULL,
  requested_at timestamptz NOT NULL
);
CREATE INDEX step_actions_invoices_idx ON step_actions USING gin (invoice_ids);
