-- Up Migration
CREATE TABLE collectors (
  collector_id text PRIMARY KEY,
  name text NOT NULL,
  languages text[] NOT NULL,
  capacity int NOT NULL,
  portfolio text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE collector_tasks (
  task_id text PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL,
  step_id text NOT NULL,
  step_name text NOT NULL,
  invoice_ids text[] NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  priority double precision NOT NULL,
  collector_id text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done')),
  escalations int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  assigned_at timestamptz,
  claimed_at timestamptz,
  outcome jsonb,
  done_at timestamptz
);
CREATE INDEX collector_tasks_queue_idx ON collector_tasks (collector_id, status, priority DESC);
CREATE INDEX collector_tasks_open_idx ON collector_tasks (assigned_at) WHERE status = 'open';

CREATE TABLE payment_promises (
  promise_id text PRIMARY KEY,
  customer_id text NOT NULL,
  task_id text NOT NULL,
  collector_id text NOT NULL,
  invoice_ids text[] NOT NULL,
  promised_date text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  paid_minor bigint NOT NULL DEFAULT 0,
  check_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'kept', 'broken')),
  recorded_at timestamptz NOT NULL,
  settled_at timestamptz
);
CREATE INDEX payment_promises_pending_idx ON payment_promises (check_at) WHERE status = 'pending';
