-- Up Migration
-- A delivery that failed for good is sent once more on the policy's fallback channel: a new delivery
-- of the same action (so UNIQUE (action_id, channel) forbids going back to a channel already tried:
-- no loops), pointing at the delivery it replaces. One fallback per delivery, whatever retries.
ALTER TABLE deliveries ADD COLUMN fallback_of text REFERENCES deliveries (delivery_id);
CREATE UNIQUE INDEX deliveries_fallback_of_idx ON deliveries (fallback_of) WHERE fallback_of IS NOT NULL;
-- bounced: the mail provider reported the email undeliverable after the SMTP server had accepted it.
ALTER TABLE deliveries ADD COLUMN bounced_at timestamptz;
