-- Up Migration
-- A payment applied oldest first books one 'payment' entry on each invoice it reaches.
ALTER TABLE invoice_entries DROP CONSTRAINT invoice_entries_kind_source_id_key;
ALTER TABLE invoice_entries
  ADD CONSTRAINT invoice_entries_kind_source_invoice_key UNIQUE (kind, source_id, invoice_id);

-- The timeline orders by when the ledger recorded things; within one transaction too.
ALTER TABLE invoice_entries ALTER COLUMN recorded_at SET DEFAULT clock_timestamp();

-- A cache of sum(invoice_entries.amount_minor), kept by the trigger below whoever inserts entries,
-- so open invoices and the overdue announcer are found by index instead of by summing entries.
ALTER TABLE invoices ADD COLUMN balance_minor bigint NOT NULL DEFAULT 0;
UPDATE invoices i SET balance_minor = COALESCE(
  (SELECT sum(e.amount_minor) FROM invoice_entries e WHERE e.invoice_id = i.invoice_id), 0);

CREATE FUNCTION add_entries_to_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE invoices i SET balance_minor = i.balance_minor + n.total
  FROM (SELECT invoice_id, sum(amount_minor) AS total FROM new_entries GROUP BY invoice_id) n
  WHERE i.invoice_id = n.invoice_id;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_entries_balance AFTER INSERT ON invoice_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION add_entries_to_balance();

-- Set once ledger.invoice.overdue is written to the outbox.
ALTER TABLE invoices ADD COLUMN overdue_announced_at timestamptz;
CREATE INDEX invoices_overdue_unannounced_idx ON invoices (overdue_at)
  WHERE overdue_announced_at IS NULL AND balance_minor > 0;
CREATE INDEX invoices_customer_open_idx ON invoices (customer_id, currency, due_date, issue_date, invoice_id)
  WHERE balance_minor > 0;

-- Every command by its business id (payment, credit note, cancel, write-off, dispute open/resolve):
-- the body as received tells a replay from a conflict, the result answers the replay.
CREATE TABLE ledger_commands (
  kind text NOT NULL,
  command_id text NOT NULL,
  request jsonb NOT NULL,
  result jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, command_id)
);

-- Commands that arrived before the invoice (or dispute) they need; applied in arrival order when it comes.
CREATE TABLE pending_commands (
  pending_id bigserial PRIMARY KEY,
  waits_for text NOT NULL CHECK (waits_for IN ('invoice', 'dispute')),
  waits_for_id text NOT NULL,
  kind text NOT NULL,
  command_id text NOT NULL,
  request jsonb NOT NULL,
  source text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_commands_waiting_idx ON pending_commands (waits_for, waits_for_id, pending_id);

-- Customer credit (overpayments, unapplied leftovers, credit notes beyond the balance), signed:
-- + when money comes in, - with invoice_id when it is applied to an invoice. One lot per source.
CREATE TABLE customer_credits (
  entry_id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('payment', 'credit')),
  source_id text NOT NULL,
  invoice_id text REFERENCES invoices (invoice_id),
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_credits_customer_idx ON customer_credits (customer_id, currency, entry_id);

CREATE TABLE disputes (
  dispute_id text PRIMARY KEY,
  invoice_id text NOT NULL REFERENCES invoices (invoice_id),
  status text NOT NULL CHECK (status IN ('open', 'upheld', 'rejected', 'adjusted')),
  reason text NOT NULL,
  amount_minor bigint,
  adjustment_minor bigint,
  opened_at timestamptz NOT NULL,
  opened_source text NOT NULL,
  opened_recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  resolved_at timestamptz,
  resolved_source text,
  resolved_recorded_at timestamptz
);
CREATE INDEX disputes_invoice_idx ON disputes (invoice_id);

-- HTTP Idempotency-Key: the first answer to a key, replayed for the same request.
CREATE TABLE idempotency_keys (
  idempotency_key text PRIMARY KEY,
  fingerprint text NOT NULL,
  request jsonb NOT NULL,
  status_code int NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
