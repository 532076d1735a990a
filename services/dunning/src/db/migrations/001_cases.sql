-- Up Migration
-- One dunning case per invoice the ledger has issued.
CREATE TABLE dunning_cases (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  balance_minor bigint NOT NULL,
  due_date text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'closed')),
  opened_by_event text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dunning_cases_customer_idx ON dunning_cases (customer_id);
