-- Up Migration
-- A summary of open balances by (currency, risk class, due date, day), kept by the database in the
-- same transaction as every entry, so the as-of reports read a few thousand rows instead of every open
-- invoice and every entry since the date asked for. Summing an invoice's rows with day <= D gives its
-- open amount at the end of D (its balance if above 0, else 0) and whether it is open, under the class
-- its customer had then. Days are the reporting zone's, the one the summary was built for.
CREATE TABLE receivable_summary_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  time_zone text NOT NULL
);
INSERT INTO receivable_summary_settings (time_zone) VALUES ('UTC');

-- What the entries and class assessments change, appended only: ledger transactions never update a
-- shared row, so they neither wait on each other nor deadlock here. Compacted into the totals below.
CREATE TABLE receivable_changes (
  change_id bigserial PRIMARY KEY,
  currency char(3) NOT NULL,
  risk_class text NOT NULL,
  due_date date NOT NULL,
  day date NOT NULL,
  open_minor numeric NOT NULL,
  open_count bigint NOT NULL
);

CREATE TABLE receivable_day_totals (
  currency char(3) NOT NULL,
  risk_class text NOT NULL,
  due_date date NOT NULL,
  day date NOT NULL,
  open_minor numeric NOT NULL,
  open_count bigint NOT NULL,
  PRIMARY KEY (day, currency, risk_class, due_date)
);

-- The same per month (the first day of the month in the reporting zone): a date reads whole months
-- before its own from here, and the days of its month from the day totals.
CREATE TABLE receivable_month_totals (
  currency char(3) NOT NULL,
  risk_class text NOT NULL,
  due_date date NOT NULL,
  month date NOT NULL,
  open_minor numeric NOT NULL,
  open_count bigint NOT NULL,
  PRIMARY KEY (month, currency, risk_class, due_date)
);

-- The one definition of an invoice's summary rows, for the triggers, the rebuild and the tests: the
-- rows of the given invoices, leaving out the given entries and class assessments (what they were
-- before those were written). Each entry counts on its effective day, greatest(its day, issue date),
-- so "issued by D and occurred before the end of D" is "effective day <= D". At each day where the
-- balance or the class changes, the invoice's state then is added and its state before taken back.
CREATE FUNCTION receivable_contribution(
  p_invoice_ids text[],
  p_zone text,
  p_without_entries bigint[] DEFAULT '{}',
  p_without_class_customers text[] DEFAULT '{}',
  p_without_class_instants timestamptz[] DEFAULT '{}'
) RETURNS TABLE (currency char(3), risk_class text, due_date date, day date, open_minor numeric, open_count bigint)
LANGUAGE sql STABLE AS $$
  WITH inv AS (
    SELECT i.invoice_id, i.customer_id, i.currency, i.due_date, i.issue_date
    FROM invoices i JOIN (SELECT DISTINCT unnest(p_invoice_ids) AS invoice_id) x ON x.invoice_id = i.invoice_id
  ),
  events AS (
    SELECT i.invoice_id, greatest((e.occurred_at AT TIME ZONE p_zone)::date, i.issue_date) AS day,
           e.amount_minor AS amount, NULL::timestamptz AS assessed_at
    FROM inv i JOIN invoice_entries e ON e.invoice_id = i.invoice_id
    WHERE NOT EXISTS (SELECT 1 FROM unnest(p_without_entries) AS w (entry_id) WHERE w.entry_id = e.entry_id)
    UNION ALL
    SELECT i.invoice_id, greatest((k.assessed_at AT TIME ZONE p_zone)::date, i.issue_date), 0, k.assessed_at
    FROM inv i JOIN customer_risk_classes k ON k.customer_id = i.customer_id
    WHERE NOT EXISTS (
      SELECT 1 FROM unnest(p_without_class_customers, p_without_class_instants) AS w (customer_id, assessed_at)
      WHERE w.customer_id = k.customer_id AND w.assessed_at = k.assessed_at
    )
  ),
  -- Per invoice and day: the balance at its end and the last assessment before its end (a later
  -- assessment never has an earlier effective day, so the latest instant is the class then).
  days AS (
    SELECT DISTINCT invoice_id, day,
           sum(amount) OVER w AS balance,
           max(assessed_at) OVER w AS assessed_at
    FROM events
    WINDOW w AS (PARTITION BY invoice_id ORDER BY day)
  ),
  states AS (
    SELECT d.invoice_id, d.day, coalesce(k.risk_class, 'unknown') AS risk_class,
           greatest(d.balance, 0) AS open_minor, (d.balance > 0)::int AS open_count
    FROM days d
    JOIN inv i ON i.invoice_id = d.invoice_id
    LEFT JOIN customer_risk_classes k ON k.customer_id = i.customer_id AND k.assessed_at = d.assessed_at
  ),
  steps AS (
    SELECT s.*, lag(s.risk_class) OVER w AS before_class, lag(s.open_minor) OVER w AS before_minor,
           lag(s.open_count) OVER w AS before_count
    FROM states s
    WINDOW w AS (PARTITION BY s.invoice_id ORDER BY s.day)
  ),
  deltas AS (
    SELECT invoice_id, day, risk_class, open_minor, open_count FROM steps
    UNION ALL
    SELECT invoice_id, day, before_class, -before_minor, -before_count FROM steps WHERE before_class IS NOT NULL
  )
  SELECT i.currency, d.risk_class, i.due_date, d.day, sum(d.open_minor), sum(d.open_count)
  FROM deltas d JOIN inv i ON i.invoice_id = d.invoice_id
  GROUP BY i.currency, d.risk_class, i.due_date, d.day
  HAVING sum(d.open_minor) <> 0 OR sum(d.open_count) <> 0
$$;

-- The rows that writing some entries or assessments adds to the summary: the invoices' rows with them
-- minus their rows without them.
CREATE FUNCTION receivable_change(
  p_invoice_ids text[],
  p_without_entries bigint[],
  p_without_class_customers text[] DEFAULT '{}',
  p_without_class_instants timestamptz[] DEFAULT '{}'
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM receivable_summary_settings);
BEGIN
  INSERT INTO receivable_changes (currency, risk_class, due_date, day, open_minor, open_count)
  SELECT c.currency, c.risk_class, c.due_date, c.day, sum(c.open_minor), sum(c.open_count)
  FROM (
    SELECT * FROM receivable_contribution(p_invoice_ids, zone)
    UNION ALL
    SELECT w.currency, w.risk_class, w.due_date, w.day, -w.open_minor, -w.open_count
    FROM receivable_contribution(p_invoice_ids, zone, p_without_entries, p_without_class_customers,
                                 p_without_class_instants) w
  ) c
  GROUP BY c.currency, c.risk_class, c.due_date, c.day
  HAVING sum(c.open_minor) <> 0 OR sum(c.open_count) <> 0;
END $$;

-- Runs after invoice_entries_balance (triggers fire in name order), whose update of the invoices'
-- balances holds their rows: a second transaction posting to the same invoice waits there and then
-- sees this one's entries, so each change is computed against everything committed before it.
CREATE FUNCTION summarize_new_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM receivable_change(ARRAY(SELECT DISTINCT invoice_id FROM new_entries),
                            ARRAY(SELECT entry_id FROM new_entries));
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_entries_receivable_summary AFTER INSERT ON invoice_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION summarize_new_entries();

-- A new assessment re-files its customer's invoices under the new class from its day on. Their rows
-- are locked first, in the order the ledger locks several invoices (due date, issue date, id), so an
-- entry and an assessment for the same invoice are summarized one after the other.
CREATE FUNCTION summarize_new_classes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
BEGIN
  ids := ARRAY(
    SELECT i.invoice_id FROM invoices i
    WHERE i.customer_id IN (SELECT customer_id FROM new_classes)
    ORDER BY i.due_date, i.issue_date, i.invoice_id FOR UPDATE
  );
  IF cardinality(ids) > 0 THEN
    PERFORM receivable_change(ids, '{}',
                              ARRAY(SELECT customer_id FROM new_classes ORDER BY customer_id, assessed_at),
                              ARRAY(SELECT assessed_at FROM new_classes ORDER BY customer_id, assessed_at));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_risk_classes_receivable_summary AFTER INSERT ON customer_risk_classes
  REFERENCING NEW TABLE AS new_classes FOR EACH STATEMENT EXECUTE FUNCTION summarize_new_classes();

-- Moves up to p_limit logged changes into the day and month totals and deletes them, in one
-- statement of one transaction; the transaction-scoped lock keeps two replicas from upserting the
-- same totals at once (the other skips its turn). Returns how many changes it moved, or -1 if busy.
CREATE FUNCTION compact_receivable_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext(current_schema() || ':receivable-summary')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (
    DELETE FROM receivable_changes
    WHERE change_id IN (SELECT change_id FROM receivable_changes ORDER BY change_id LIMIT p_limit)
    RETURNING currency, risk_class, due_date, day, open_minor, open_count
  ),
  per_day AS (
    SELECT currency, risk_class, due_date, day, sum(open_minor) AS open_minor, sum(open_count) AS open_count,
           count(*) AS changes
    FROM taken GROUP BY currency, risk_class, due_date, day
  ),
  into_days AS (
    INSERT INTO receivable_day_totals AS t (currency, risk_class, due_date, day, open_minor, open_count)
    SELECT currency, risk_class, due_date, day, open_minor, open_count FROM per_day
    ON CONFLICT (day, currency, risk_class, due_date) DO UPDATE
      SET open_minor = t.open_minor + excluded.open_minor, open_count = t.open_count + excluded.open_count
  ),
  into_months AS (
    INSERT INTO receivable_month_totals AS t (currency, risk_class, due_date, month, open_minor, open_count)
    SELECT currency, risk_class, due_date, date_trunc('month', day::timestamp)::date, sum(open_minor), sum(open_count)
    FROM per_day GROUP BY currency, risk_class, due_date, date_trunc('month', day::timestamp)::date
    ON CONFLICT (month, currency, risk_class, due_date) DO UPDATE
      SET open_minor = t.open_minor + excluded.open_minor, open_count = t.open_count + excluded.open_count
  )
  SELECT coalesce(sum(changes), 0) INTO moved FROM per_day;
  RETURN moved;
END $$;

-- Builds the summary afresh for a reporting zone, set-based, straight into the totals. Entries and
-- assessments wait meanwhile (SHARE locks their tables against inserts), so nothing is missed or
-- counted twice; a second caller finds the zone already set and returns. A start in the zone already
-- built takes no lock at all.
CREATE FUNCTION rebuild_receivable_summary(p_zone text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT time_zone FROM receivable_summary_settings) = p_zone THEN
    RETURN false;
  END IF;
  LOCK TABLE invoice_entries, customer_risk_classes IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext(current_schema() || ':receivable-summary'));
  IF (SELECT time_zone FROM receivable_summary_settings) = p_zone THEN
    RETURN false;
  END IF;
  TRUNCATE receivable_changes, receivable_day_totals, receivable_month_totals;
  INSERT INTO receivable_day_totals (currency, risk_class, due_date, day, open_minor, open_count)
  SELECT * FROM receivable_contribution(ARRAY(SELECT invoice_id FROM invoices), p_zone);
  INSERT INTO receivable_month_totals (currency, risk_class, due_date, month, open_minor, open_count)
  SELECT currency, risk_class, due_date, date_trunc('month', day::timestamp)::date, sum(open_minor), sum(open_count)
  FROM receivable_day_totals GROUP BY 1, 2, 3, 4;
  UPDATE receivable_summary_settings SET time_zone = p_zone;
  RETURN true;
END $$;

-- The ledger as it stands, in UTC (the service rebuilds it on start for another reporting zone).
UPDATE receivable_summary_settings SET time_zone = '';
SELECT rebuild_receivable_summary('UTC');
