-- Up Migration
-- One row per event a consumer has applied: inserted in the same transaction as the effect,
-- so a redelivered event is recognised and acknowledged without applying it twice.
CREATE TABLE processed_events (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
