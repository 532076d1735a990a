-- Up Migration
-- Dunning blocks (SAP FI's dunning block with a reason key): on a customer or one invoice, until lifted
-- or until `until` passes. Lifted blocks stay: they are the audit trail.
CREATE TABLE dunning_blocks (
  block_id text PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('customer', 'invoice')),
  customer_id text NOT NULL,
  invoice_id text,
  reason text NOT NULL CHECK (reason IN ('dispute', 'promise', 'legal', 'vip', 'bankruptcy', 'manual')),
  note text,
  until timestamptz,
  placed_by text NOT NULL,
  placed_at timestamptz NOT NULL,
  changed_at timestamptz,
  lifted_at timestamptz,
  lifted_by text,
  CHECK ((scope = 'invoice') = (invoice_id IS NOT NULL))
);
CREATE INDEX dunning_blocks_customer_idx ON dunning_blocks (customer_id) WHERE lifted_at IS NULL;
CREATE INDEX dunning_blocks_invoice_idx ON dunning_blocks (invoice_id) WHERE lifted_at IS NULL;

-- A block ends its scope's open collector tasks.
ALTER TABLE collector_tasks DROP CONSTRAINT collector_tasks_close_reason_check;
ALTER TABLE collector_tasks
  ADD CONSTRAINT collector_tasks_close_reason_check
  CHECK (close_reason IN ('settled', 'disputed', 'promised', 'blocked'));
