-- Up Migration
-- Disputes on invoices: an open one (opened, not resolved) takes its amount out of what is overdue.
-- A resolution seen before its opening leaves the dispute never open (both times are kept once).
CREATE TABLE risk_disputes (
  dispute_id text PRIMARY KEY,
  invoice_id text NOT NULL,
  customer_id text NOT NULL,
  -- The disputed part in the invoice's minor units; null: the whole invoice.
  amount_minor bigint,
  opened_at timestamptz,
  resolved_at timestamptz
);
CREATE INDEX risk_disputes_open_idx ON risk_disputes (customer_id)
  WHERE opened_at IS NOT NULL AND resolved_at IS NULL;

-- Credit holds dunning asked for (dunning.credit-hold.requested), once per customer, step and instant.
CREATE TABLE risk_hold_requests (
  customer_id text NOT NULL,
  step text NOT NULL,
  requested_at timestamptz NOT NULL,
  invoice_ids text[] NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (customer_id, step, requested_at)
);
