-- Up Migration
-- When each invoice becomes past due (end of its due day in the customer's zone, or compressed by DAY_MS).
ALTER TABLE invoices ADD COLUMN overdue_at timestamptz;
-- Invoices recorded before this column: the end of the due day in the customer's zone (UTC if unknown).
UPDATE invoices i
SET overdue_at = ((i.due_date + 1)::timestamp AT TIME ZONE COALESCE(c.profile->>'timezone', 'UTC'))
FROM invoices i2 LEFT JOIN customers c ON c.customer_id = i2.customer_id
WHERE i2.invoice_id = i.invoice_id;
ALTER TABLE invoices ALTER COLUMN overdue_at SET NOT NULL;
CREATE INDEX invoices_overdue_at_idx ON invoices (overdue_at);
