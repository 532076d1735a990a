-- Up Migration
-- Progress of a bulk initial load, one row per input file (by content): the last line whose batch
-- committed is written in the same transaction as that batch, so a rerun resumes exactly there.
CREATE TABLE import_checkpoints (
  file_sha256 text PRIMARY KEY,
  file_name text NOT NULL,
  last_line bigint NOT NULL DEFAULT 0,
  imported bigint NOT NULL DEFAULT 0,
  already_present bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- Lines of an input file that were not imported, and why; committed with their batch so the
-- rejects report is complete and has no repeats after a crash and a rerun.
CREATE TABLE import_rejects (
  file_sha256 text NOT NULL REFERENCES import_checkpoints (file_sha256),
  line bigint NOT NULL,
  invoice_id text,
  reason text NOT NULL,
  PRIMARY KEY (file_sha256, line)
);
