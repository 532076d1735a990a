-- Up Migration
CREATE TABLE customers (
  customer_id text PRIMARY KEY,
  profile jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The ERP's invoice as issued; what is owed is derived from its entries.
CREATE TABLE invoices (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  number text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  issue_date date NOT NULL,
  due_date date NOT NULL CHECK (due_date >= issue_date),
  -- The command as received, so a replay with a different body can be told apart and shown.
  request jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id, due_date);

-- Every change of what an invoice is owed, signed in minor units (issue +, payment -, credit -, ...).
CREATE TABLE invoice_entries (
  entry_id bigserial PRIMARY KEY,
  invoice_id text NOT NULL REFERENCES invoices (invoice_id),
  kind text NOT NULL,
  amount_minor bigint NOT NULL,
  source_id text NOT NULL,
  source text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, source_id)
);
CREATE INDEX invoice_entries_invoice_idx ON invoice_entries (invoice_id, entry_id);
