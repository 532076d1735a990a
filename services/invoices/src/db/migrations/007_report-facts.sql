-- Up Migration
-- Why an invoice is late, as data: every reason a collector's task outcome or a dispute named, kept as
-- history (an invoice can be re-classified); the latest recorded one is the invoice's reason.
CREATE TABLE overdue_reasons (
  invoice_id text NOT NULL,
  customer_id text NOT NULL,
  reason text NOT NULL,
  -- 'task' (dunning.task.outcome-recorded, source_id = the event id) or 'dispute' (source_id = disputeId).
  source text NOT NULL CHECK (source IN ('task', 'dispute')),
  source_id text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (source, source_id, invoice_id)
);
CREATE INDEX overdue_reasons_recorded_idx ON overdue_reasons (recorded_at, invoice_id);

-- A dispute's reason code for the overdue-reasons report; disputes before it were contract disputes.
ALTER TABLE disputes ADD COLUMN reason_code text NOT NULL DEFAULT 'contract-dispute';

-- Each customer's risk class as credit-risk assessed it over time (risk.assessment.changed), so the
-- provision as of a past date uses the class the customer had then.
CREATE TABLE customer_risk_classes (
  customer_id text NOT NULL,
  risk_class text NOT NULL CHECK (risk_class IN ('A', 'B', 'C')),
  assessed_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, assessed_at)
);

-- Period reports read entries of one kind in a time range (payments collected, write-offs).
CREATE INDEX invoice_entries_kind_time_idx ON invoice_entries (kind, occurred_at) INCLUDE (invoice_id, amount_minor);
