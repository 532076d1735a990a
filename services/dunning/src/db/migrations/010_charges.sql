-- Up Migration
-- Every charge a notice levied, once per chargeId (derived from the notice): the audit trail of what
-- was levied, and how a later notice knows up to which day overdue an invoice's interest is charged.
CREATE TABLE levied_charges (
  charge_id text PRIMARY KEY,
  notice_step_id text NOT NULL,
  customer_id text NOT NULL,
  invoice_id text,
  invoice_ids text[] NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'interest')),
  currency text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  period_from int,
  period_to int,
  levied_at timestamptz NOT NULL
);
CREATE INDEX levied_charges_interest ON levied_charges (invoice_id, period_to) WHERE kind = 'interest';

-- The ledger's charges (ledger.charge.booked / ledger.charge.waived): a notice lists the customer's
-- charges still open. A projection of the ledger's facts, safe to rebuild from them.
CREATE TABLE ledger_charges (
  charge_id text PRIMARY KEY,
  customer_id text NOT NULL,
  invoice_id text,
  kind text NOT NULL CHECK (kind IN ('fee', 'interest')),
  currency text NOT NULL,
  amount_minor bigint NOT NULL,
  levied_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'waived')),
  changed_at timestamptz NOT NULL
);
CREATE INDEX ledger_charges_open ON ledger_charges (customer_id, currency, levied_at) WHERE status = 'open';
