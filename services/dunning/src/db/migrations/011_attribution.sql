-- Up Migration
-- Who acted, as `actorOf` names it (the API key's name, or `console:<user>` for a person acting in the
-- console). Null on rows recorded before this migration: their actor was never stored.
ALTER TABLE collector_tasks ADD COLUMN claimed_by text, ADD COLUMN outcome_by text;
ALTER TABLE payment_promises ADD COLUMN recorded_by text;
ALTER TABLE dunning_blocks ADD COLUMN changed_by text;
