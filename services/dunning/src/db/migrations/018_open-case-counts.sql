-- Up Migration
-- The cases-by-level report (the ops dashboard's) reads open cases counted per level reached and legal
-- or not, kept here, rather than half a million index entries on every request. Triggers append what
-- each statement changes to a log (no shared row is updated, so case writers never wait on each other
-- here); a periodic job folds the log into the counts. The report adds the log to the counts.
CREATE TABLE open_case_count_changes (
  change_id bigserial PRIMARY KEY,
  level int,
  in_legal boolean NOT NULL,
  delta bigint NOT NULL
);

CREATE TABLE open_case_counts (
  level int,
  in_legal boolean NOT NULL,
  count bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (level, in_legal)
);

CREATE FUNCTION open_case_counts_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO open_case_count_changes (level, in_legal, delta)
  SELECT reached_level, legal_since IS NOT NULL, count(*)
  FROM new_cases WHERE status <> 'closed' GROUP BY 1, 2;
  RETURN NULL;
END $$;
CREATE TRIGGER open_case_counts_inserted AFTER INSERT ON dunning_cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_of_new();

-- Each updated case leaves its old count (if it was open) and joins its new one (if it is open); summed
-- per key, a case that closed or reopened, reached a level, or went to or came back from legal moves,
-- and the many updates that change none of these (balances, steps) cancel out and log nothing.
CREATE FUNCTION open_case_counts_of_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO open_case_count_changes (level, in_legal, delta)
  SELECT level, in_legal, sum(delta) FROM (
    SELECT reached_level AS level, legal_since IS NOT NULL AS in_legal, -1 AS delta
    FROM old_cases WHERE status <> 'closed'
    UNION ALL
    SELECT reached_level, legal_since IS NOT NULL, 1 FROM new_cases WHERE status <> 'closed') moved
  GROUP BY level, in_legal HAVING sum(delta) <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER open_case_counts_updated AFTER UPDATE ON dunning_cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_of_changed();

CREATE FUNCTION open_case_counts_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO open_case_count_changes (level, in_legal, delta)
  SELECT reached_level, legal_since IS NOT NULL, -count(*)
  FROM old_cases WHERE status <> 'closed' GROUP BY 1, 2;
  RETURN NULL;
END $$;
CREATE TRIGGER open_case_counts_deleted AFTER DELETE ON dunning_cases
  REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION open_case_counts_of_deleted();

-- Folds up to p_limit logged changes into the counts: -1 when another replica is at it.
CREATE FUNCTION compact_open_case_count_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext(current_schema() || ':open-case-counts')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (
    DELETE FROM open_case_count_changes
    WHERE change_id IN (SELECT change_id FROM open_case_count_changes ORDER BY change_id LIMIT p_limit)
    RETURNING level, in_legal, delta
  ),
  per_key AS (
    SELECT level, in_legal, sum(delta) AS delta, count(*) AS changes FROM taken GROUP BY 1, 2
  ),
  folded AS (
    INSERT INTO open_case_counts AS c (level, in_legal, count)
    SELECT level, in_legal, delta FROM per_key
    ON CONFLICT (level, in_legal) DO UPDATE SET count = c.count + excluded.count
  )
  SELECT COALESCE(sum(changes), 0) INTO moved FROM per_key;
  RETURN moved;
END $$;

-- Every open case stored so far.
INSERT INTO open_case_counts (level, in_legal, count)
SELECT reached_level, legal_since IS NOT NULL, count(*)
FROM dunning_cases WHERE status <> 'closed' GROUP BY 1, 2;

-- The index the report read before: every case write kept it up to date for one report.
DROP INDEX dunning_cases_open_level_idx;
