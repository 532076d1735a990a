-- Up Migration
-- The ledger's latest balance fact per invoice, so a notice is not sent once nothing of it is owed.
-- fact_at is the ledger's recording time (the event's `time`): an older fact never overwrites a newer.
CREATE TABLE invoice_balances (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  balance_minor bigint NOT NULL CHECK (balance_minor >= 0),
  status text NOT NULL CHECK (status IN ('open', 'settled', 'cancelled', 'written-off')),
  fact_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- dropped: not sent, because the notice was no longer due when its turn came (drop_reason says why).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries
  ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped'));
ALTER TABLE deliveries ADD COLUMN drop_reason text, ADD COLUMN dropped_at timestamptz;
