-- Up Migration
-- Disputes opened or resolved before their invoice's issue event was seen (a reordered stream):
-- applied to the case when it opens, so a dispute is never lost or left open forever.
CREATE TABLE disputes_before_issue (
  invoice_id text NOT NULL,
  dispute_id text NOT NULL,
  resolved boolean NOT NULL,
  PRIMARY KEY (invoice_id, dispute_id)
);
