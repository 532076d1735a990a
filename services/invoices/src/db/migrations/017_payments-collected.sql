-- Up Migration
-- Each payment's currency and amount collected beside its days late, so the top-customers report sums
-- a period's payments from this one narrow table (an index-only range on occurred_at) instead of
-- joining every payment of the period to its invoice and customer.
ALTER TABLE payment_days_late ADD COLUMN currency char(3), ADD COLUMN collected_minor bigint;

UPDATE payment_days_late p
SET currency = i.currency, collected_minor = -e.amount_minor
FROM invoice_entries e JOIN invoices i ON i.invoice_id = e.invoice_id
WHERE e.entry_id = p.entry_id;

ALTER TABLE payment_days_late ALTER COLUMN currency SET NOT NULL, ALTER COLUMN collected_minor SET NOT NULL;

CREATE OR REPLACE FUNCTION record_payment_days_late() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO payment_days_late (entry_id, customer_id, due_date, occurred_at, days_late, currency,
                                 collected_minor)
  SELECT e.entry_id, i.customer_id, i.due_date, e.occurred_at,
         (e.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - i.due_date,
         i.currency, -e.amount_minor
  FROM new_payment_entries e
  JOIN invoices i ON i.invoice_id = e.invoice_id
  LEFT JOIN customers c ON c.customer_id = i.customer_id
  WHERE e.kind = 'payment' AND e.source <> 'import';
  RETURN NULL;
END $$;

-- Covers the forecast's lookback (customer, days late) and the top-customers report (all of it).
CREATE INDEX payment_days_late_collected_idx ON payment_days_late (occurred_at)
  INCLUDE (currency, customer_id, collected_minor, days_late);
DROP INDEX payment_days_late_occurred_idx;
