-- Up Migration
-- The as-of reports read each invoice's kept balance (balance_minor, kept by the entries trigger in
-- the entry's own transaction) and take back the entries that occurred after the instant asked for,
-- instead of re-adding every entry up to it: these indexes find the entries after an instant, the
-- open invoices with what the reports group them by, and the invoices issued in a period.
-- The forecast's plain index on occurred_at (009) becomes a covering one, serving both.
DROP INDEX invoice_entries_occurred_idx;
CREATE INDEX invoice_entries_occurred_idx ON invoice_entries (occurred_at) INCLUDE (invoice_id, amount_minor);
CREATE INDEX invoices_open_report_idx ON invoices (invoice_id)
  INCLUDE (customer_id, currency, due_date, issue_date, amount_minor, balance_minor) WHERE balance_minor > 0;
CREATE INDEX invoices_currency_issue_idx ON invoices (currency, issue_date);
