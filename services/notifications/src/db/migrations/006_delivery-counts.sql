-- Up Migration
-- The deliveries report (per channel and status, over a period of request times) kept as counts per
-- requested hour (UTC), so a month reads a few thousand rows instead of every delivery in it. Triggers
-- append what each statement changes to a log (no shared row is updated, so deliveries never wait on
-- each other here); a periodic job folds the log into the counts. The report adds the log to the
-- counts for whole hours and reads the deliveries themselves for the partial hours at either end.
CREATE TABLE delivery_count_changes (
  change_id bigserial PRIMARY KEY,
  hour timestamp NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  delta bigint NOT NULL
);
CREATE INDEX delivery_count_changes_hour_idx ON delivery_count_changes (hour) INCLUDE (channel, status, delta);

CREATE TABLE delivery_counts (
  hour timestamp NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (hour, channel, status)
);

CREATE FUNCTION delivery_counts_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_count_changes (hour, channel, status, delta)
  SELECT date_trunc('hour', requested_at AT TIME ZONE 'UTC'), channel, status, count(*)
  FROM new_deliveries GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER delivery_counts_inserted AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_of_new();

-- A delivery whose status (or request time or channel) changed moves from its old count to its new one.
CREATE FUNCTION delivery_counts_of_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_count_changes (hour, channel, status, delta)
  SELECT hour, channel, status, sum(delta) FROM (
    SELECT date_trunc('hour', o.requested_at AT TIME ZONE 'UTC') AS hour, o.channel, o.status, -1 AS delta
    FROM old_deliveries o JOIN new_deliveries n USING (delivery_id)
    WHERE (o.status, o.channel, o.requested_at) IS DISTINCT FROM (n.status, n.channel, n.requested_at)
    UNION ALL
    SELECT date_trunc('hour', n.requested_at AT TIME ZONE 'UTC'), n.channel, n.status, 1
    FROM old_deliveries o JOIN new_deliveries n USING (delivery_id)
    WHERE (o.status, o.channel, o.requested_at) IS DISTINCT FROM (n.status, n.channel, n.requested_at)) moved
  GROUP BY hour, channel, status HAVING sum(delta) <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER delivery_counts_updated AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_deliveries NEW TABLE AS new_deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_of_changed();

CREATE FUNCTION delivery_counts_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_count_changes (hour, channel, status, delta)
  SELECT date_trunc('hour', requested_at AT TIME ZONE 'UTC'), channel, status, -count(*)
  FROM old_deliveries GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER delivery_counts_deleted AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_deliveries FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_of_deleted();

-- Folds up to p_limit logged changes into the counts: -1 when another replica is at it.
CREATE FUNCTION compact_delivery_count_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext(current_schema() || ':delivery-counts')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (
    DELETE FROM delivery_count_changes
    WHERE change_id IN (SELECT change_id FROM delivery_count_changes ORDER BY change_id LIMIT p_limit)
    RETURNING hour, channel, status, delta
  ),
  per_key AS (
    SELECT hour, channel, status, sum(delta) AS delta, count(*) AS changes FROM taken GROUP BY 1, 2, 3
  ),
  folded AS (
    INSERT INTO delivery_counts AS c (hour, channel, status, count)
    SELECT hour, channel, status, delta FROM per_key
    ON CONFLICT (hour, channel, status) DO UPDATE SET count = c.count + excluded.count
  )
  SELECT COALESCE(sum(changes), 0) INTO moved FROM per_key;
  RETURN moved;
END $$;

-- Every delivery stored so far.
INSERT INTO delivery_counts (hour, channel, status, count)
SELECT date_trunc('hour', requested_at AT TIME ZONE 'UTC'), channel, status, count(*)
FROM deliveries GROUP BY 1, 2, 3;
