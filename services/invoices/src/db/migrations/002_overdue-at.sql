-- Up Migration
-- When each invoice becomes past due (end of its due day in the customer's zone, or compressed by DAY_MS).
ALTER TABLE invoices ADD COLUMN overdue_at timestamptz NOT NULL;
CREATE INDEX invoices_overdue_at_idx ON invoices (overdue_at);
