-- Up Migration
-- Each payment's days late (the day it occurred in the customer's zone − the invoice's due date, the
-- ledger's daysLate), kept beside the ledger so the forecast reads customers' histories from one narrow
-- table instead of joining every payment of its lookback to its invoice and customer. Payments of the
-- initial load are balances, not behaviour: not here.
CREATE TABLE payment_days_late (
  entry_id bigint PRIMARY KEY, -- the payment entry's id
  customer_id text NOT NULL,
  due_date date NOT NULL,
  occurred_at timestamptz NOT NULL,
  days_late int NOT NULL
);

CREATE FUNCTION record_payment_days_late() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO payment_days_late (entry_id, customer_id, due_date, occurred_at, days_late)
  SELECT e.entry_id, i.customer_id, i.due_date, e.occurred_at,
         (e.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - i.due_date
  FROM new_payment_entries e
  JOIN invoices i ON i.invoice_id = e.invoice_id
  LEFT JOIN customers c ON c.customer_id = i.customer_id
  WHERE e.kind = 'payment' AND e.source <> 'import';
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_entries_payment_days_late AFTER INSERT ON invoice_entries
  REFERENCING NEW TABLE AS new_payment_entries FOR EACH STATEMENT EXECUTE FUNCTION record_payment_days_late();

-- Days late are counted in the customer's zone, read when asked: a customer who appears or changes zone
-- after paying has their payments recounted (only rows whose figure changes are written).
CREATE FUNCTION recount_payment_days_late() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE payment_days_late p
  SET days_late = (p.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - p.due_date
  FROM changed_customers c
  WHERE p.customer_id = c.customer_id
    AND p.days_late <> (p.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - p.due_date;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_inserted_payment_days_late AFTER INSERT ON customers
  REFERENCING NEW TABLE AS changed_customers FOR EACH STATEMENT EXECUTE FUNCTION recount_payment_days_late();
CREATE TRIGGER customers_updated_payment_days_late AFTER UPDATE ON customers
  REFERENCING NEW TABLE AS changed_customers FOR EACH STATEMENT EXECUTE FUNCTION recount_payment_days_late();

INSERT INTO payment_days_late (entry_id, customer_id, due_date, occurred_at, days_late)
SELECT e.entry_id, i.customer_id, i.due_date, e.occurred_at,
       (e.occurred_at AT TIME ZONE coalesce(c.profile->>'timezone', 'UTC'))::date - i.due_date
FROM invoice_entries e
JOIN invoices i ON i.invoice_id = e.invoice_id
LEFT JOIN customers c ON c.customer_id = i.customer_id
WHERE e.kind = 'payment' AND e.source <> 'import';

-- The forecast's lookback is a range of instants; the recount reaches a customer's payments.
CREATE INDEX payment_days_late_occurred_idx ON payment_days_late (occurred_at) INCLUDE (customer_id, days_late);
CREATE INDEX payment_days_late_customer_idx ON payment_days_late (customer_id, occurred_at);

-- The forecast's open invoices without reading the invoices' heap (an index-only scan once vacuumed).
CREATE INDEX invoices_open_forecast_idx ON invoices (issue_date)
  INCLUDE (invoice_id, customer_id, currency, due_date, balance_minor) WHERE balance_minor > 0;
