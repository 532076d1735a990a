-- Up Migration
-- Facts waiting to be published: written in the same transaction as the state change they
-- describe, deleted once Kafka has acknowledged them.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  message_key text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
