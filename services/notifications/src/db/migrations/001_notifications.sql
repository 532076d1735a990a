-- Up Migration
-- The customers' contact details, as the ledger publishes them (ledger.customer.upserted).
CREATE TABLE customers (
  customer_id text PRIMARY KEY,
  profile jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What a customer asked for: channels they opted out of, their own quiet hours.
CREATE TABLE contact_preferences (
  customer_id text PRIMARY KEY,
  preferences jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One notice per dunning action and channel: the unique key is what makes delivery happen once.
CREATE TABLE deliveries (
  delivery_id text PRIMARY KEY,
  action_id text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
  customer_id text NOT NULL,
  invoice_ids text[] NOT NULL,
  step text NOT NULL,
  template_key text NOT NULL,
  action jsonb NOT NULL,
  -- pending: waiting; sending: handed to the channel, outcome not yet recorded; sent; failed.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  locale text,
  recipient text,
  subject text,
  body_text text,
  body_html text,
  message_id text,
  attempts int NOT NULL DEFAULT 0,
  failure_reason text,
  permanent_failure boolean,
  requested_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  failed_at timestamptz,
  UNIQUE (action_id, channel)
);
CREATE INDEX deliveries_customer_idx ON deliveries (customer_id, created_at);
CREATE INDEX deliveries_invoice_idx ON deliveries USING gin (invoice_ids);
CREATE INDEX deliveries_sent_idx ON deliveries (customer_id, sent_at) WHERE sent_at IS NOT NULL;

-- The letter as printed, kept with its checksum as evidence of what was sent.
CREATE TABLE letters (
  delivery_id text PRIMARY KEY REFERENCES deliveries (delivery_id),
  pdf bytea NOT NULL,
  sha256 char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
