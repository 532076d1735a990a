-- Up Migration
-- One row per customer seen on any event; `dirty` asks the assessor to re-score it (coalescing bursts).
CREATE TABLE risk_customers (
  customer_id text PRIMARY KEY,
  industry text,
  first_seen_at timestamptz NOT NULL,
  dirty boolean NOT NULL DEFAULT true,
  dirty_trigger text,
  dirty_events integer NOT NULL DEFAULT 0,
  dirty_since timestamptz
);
CREATE INDEX risk_customers_dirty_idx ON risk_customers (dirty_since) WHERE dirty;

-- The ledger's invoices as far as risk needs them: exposure, overdue and volume.
CREATE TABLE risk_invoices (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  balance_minor bigint NOT NULL,
  overdue_at timestamptz NOT NULL,
  issued_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'settled', 'cancelled', 'written-off'))
);
CREATE INDEX risk_invoices_customer_idx ON risk_invoices (customer_id, issued_at);
CREATE INDEX risk_invoices_open_idx ON risk_invoices (currency, customer_id) WHERE status = 'open';

-- Each payment application with its days late (negative when early).
CREATE TABLE risk_payments (
  payment_id text NOT NULL,
  invoice_id text NOT NULL,
  customer_id text NOT NULL,
  received_at timestamptz NOT NULL,
  days_late integer NOT NULL,
  PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX risk_payments_customer_idx ON risk_payments (customer_id, received_at);

-- Each invoice settled or written off, with how late.
CREATE TABLE risk_settlements (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  settled_at timestamptz NOT NULL,
  days_late integer NOT NULL,
  written_off boolean NOT NULL
);
CREATE INDEX risk_settlements_customer_idx ON risk_settlements (customer_id, settled_at);

-- Payments that left a balance, as a share of the invoice amount.
CREATE TABLE risk_part_payments (
  source_id text NOT NULL,
  invoice_id text NOT NULL,
  customer_id text NOT NULL,
  paid_at timestamptz NOT NULL,
  share double precision NOT NULL CHECK (share > 0 AND share <= 1),
  PRIMARY KEY (source_id, invoice_id)
);
CREATE INDEX risk_part_payments_customer_idx ON risk_part_payments (customer_id, paid_at);

CREATE TABLE risk_promises (
  promise_id text PRIMARY KEY,
  customer_id text NOT NULL,
  recorded_at timestamptz,
  outcome text CHECK (outcome IN ('kept', 'broken')),
  outcome_at timestamptz
);
CREATE INDEX risk_promises_customer_idx ON risk_promises (customer_id, outcome_at);

CREATE TABLE risk_financials (
  customer_id text PRIMARY KEY,
  current_ratio double precision NOT NULL,
  quick_ratio double precision NOT NULL,
  debt_ratio double precision NOT NULL,
  period text NOT NULL,
  reported_at timestamptz NOT NULL
);

-- Every assessment, kept: when, what triggered it, the inputs, the result and the model version.
CREATE TABLE risk_assessments (
  assessment_id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  assessed_at timestamptz NOT NULL,
  trigger text NOT NULL,
  model_version text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  class char(1) NOT NULL,
  warning text NOT NULL,
  credit_limit_minor bigint NOT NULL,
  currency char(3) NOT NULL,
  on_hold boolean NOT NULL,
  hold_reason text NOT NULL,
  factors jsonb NOT NULL,
  inputs jsonb NOT NULL,
  changed boolean NOT NULL
);
CREATE INDEX risk_assessments_customer_idx ON risk_assessments (customer_id, assessment_id DESC);

-- The latest assessment per customer (what GET .../risk answers and what changes are measured against).
CREATE TABLE risk_standing (
  customer_id text PRIMARY KEY,
  assessment_id bigint NOT NULL REFERENCES risk_assessments (assessment_id)
);

-- Customers currently flagged for concentration, per currency.
CREATE TABLE risk_concentration_flags (
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  share double precision NOT NULL,
  exposure_minor bigint NOT NULL,
  flagged_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, currency)
);
