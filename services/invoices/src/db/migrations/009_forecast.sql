-- Up Migration
-- Promises to pay as dunning reports them (dunning.promise.recorded / kept / broken), for the
-- forecast: the ledger books no money from them. One row per promise, resolved once.
CREATE TABLE payment_promises (
  promise_id text PRIMARY KEY,
  customer_id text NOT NULL,
  invoice_ids text[] NOT NULL,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  promised_date date NOT NULL,
  recorded_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'kept', 'broken')),
  resolved_at timestamptz,
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX payment_promises_recorded_idx ON payment_promises (recorded_at);

-- The forecast as of a past day reaches the invoices whose balance changed after it, and the
-- customers' payments in its lookback, by when the entries occurred.
CREATE INDEX invoice_entries_occurred_idx ON invoice_entries (occurred_at);
CREATE INDEX invoice_entries_payments_idx ON invoice_entries (occurred_at) INCLUDE (invoice_id, amount_minor)
  WHERE kind = 'payment' AND source <> 'import';
