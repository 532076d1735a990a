-- Up Migration
-- The customer's payment terms as the ledger holds them (ledger.customer.upserted): what the
-- recommended terms start from. NULL: not told yet.
ALTER TABLE risk_customers ADD COLUMN payment_terms_days integer CHECK (payment_terms_days BETWEEN 0 AND 366);

-- Business alerts (litigation, equity or management change, regulatory...), raised over HTTP or as
-- erp.customer.alert; open while resolved_at is NULL. Kept once per alert id.
CREATE TABLE risk_alerts (
  alert_id text PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('litigation', 'equity-change', 'management-change', 'regulatory', 'other')),
  note text,
  raised_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolution_note text
);
CREATE INDEX risk_alerts_open_idx ON risk_alerts (customer_id) WHERE resolved_at IS NULL;

-- The terms each assessment recommended (NULL for assessments made before advice existed).
ALTER TABLE risk_assessments ADD COLUMN recommended_terms jsonb;

-- Every customer is re-scored once, so the current view gains its recommended terms.
UPDATE risk_customers SET dirty = true, dirty_trigger = 'credit terms advice', dirty_events = 1,
  dirty_since = now()
WHERE NOT dirty;
