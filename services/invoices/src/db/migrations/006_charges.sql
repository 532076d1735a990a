-- Up Migration
-- Dunning charges (fees and interest levied by notices), booked once per chargeId: a redelivered or
-- replayed dunning.charge.levied finds its charge already there. Kept apart from invoice_entries, so a
-- charge is neither part of an invoice's principal nor lost when that principal is paid.
CREATE TABLE charges (
  charge_id text PRIMARY KEY,
  customer_id text NOT NULL,
  notice_id text NOT NULL,
  -- The invoice an interest charge accrued on; a fee names its notice's invoices in invoice_ids.
  invoice_id text,
  invoice_ids text[] NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'interest')),
  currency text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  description text NOT NULL,
  annual_rate text,
  principal_minor bigint,
  period_from int,
  period_to int,
  levied_at timestamptz NOT NULL,
  booked_at timestamptz NOT NULL,
  -- The event that brought it (the first one, if it came more than once).
  source_event_id text NOT NULL,
  -- The reversal: a waived charge is no longer owed from waived_at on.
  waived_at timestamptz,
  waive_reason text,
  waived_by text,
  CHECK ((waived_at IS NULL) = (waive_reason IS NULL))
);
CREATE INDEX charges_customer ON charges (customer_id, currency);
CREATE INDEX charges_invoices ON charges USING gin (invoice_ids);
