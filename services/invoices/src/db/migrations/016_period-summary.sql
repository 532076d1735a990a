-- Up Migration
-- What the KPI and trends reports sum over a period, kept per day of the reporting zone beside the
-- receivable summary (015), exact in each entry's transaction, so a period reads its days' rows
-- instead of every entry and payment in it. One row key: (measure, currency, key date, day).
--   sale:          key = issue date; +amount on the issue date, -amount on the first cancellation's
--                  day. Issued in [from, to] and not cancelled by `to`: key in [from, to], day <= to.
--   write-off, discount: day = the entry's day, key = greatest(issue date, day); amounts positive.
--                  In the period: day in [from, to] and key <= to (the invoice issued by its end).
--   cancellation:  the same with key = issue date; older invoices' cancellations: key < from.
--   settled:       key = the day of the invoice's last non-import payment; count, amount, days late
--                  and amount × days late, added on the day the invoice becomes settled under that
--                  key and taken back on the day it stops. Settled in [from, to]: key in [from, to],
--                  day <= to.
CREATE TABLE period_changes (
  change_id bigserial PRIMARY KEY,
  measure text NOT NULL,
  currency char(3) NOT NULL,
  key_date date NOT NULL,
  day date NOT NULL,
  item_count bigint NOT NULL,
  amount_minor numeric NOT NULL,
  days_late numeric NOT NULL,
  weighted_days numeric NOT NULL
);

CREATE TABLE period_day_totals (
  measure text NOT NULL,
  currency char(3) NOT NULL,
  key_date date NOT NULL,
  day date NOT NULL,
  item_count bigint NOT NULL,
  amount_minor numeric NOT NULL,
  days_late numeric NOT NULL,
  weighted_days numeric NOT NULL,
  PRIMARY KEY (measure, currency, day, key_date)
);
CREATE INDEX period_day_totals_key_idx ON period_day_totals (measure, currency, key_date);

-- The one definition of an invoice's period rows, for the triggers, the rebuild and the tests: the
-- rows of the given invoices leaving out the given entries, with the given customers' zones instead of
-- their profiles' (a null zone: no customer row, UTC). Entries count for the settled state on their
-- effective day, greatest(their day, issue date), as in receivable_contribution.
CREATE FUNCTION period_contribution(
  p_invoice_ids text[],
  p_zone text,
  p_without_entries bigint[] DEFAULT '{}',
  p_zone_customers text[] DEFAULT '{}',
  p_customer_zones text[] DEFAULT '{}'
) RETURNS TABLE (measure text, currency char(3), key_date date, day date, item_count bigint,
                 amount_minor numeric, days_late numeric, weighted_days numeric)
LANGUAGE sql STABLE AS $$
  WITH inv AS (
    SELECT i.invoice_id, i.currency, i.amount_minor, i.issue_date, i.due_date,
           CASE WHEN z.customer_id IS NOT NULL THEN coalesce(z.zone, 'UTC')
                ELSE coalesce(c.profile->>'timezone', 'UTC') END AS customer_zone
    FROM invoices i
    JOIN (SELECT DISTINCT unnest(p_invoice_ids) AS invoice_id) x ON x.invoice_id = i.invoice_id
    LEFT JOIN customers c ON c.customer_id = i.customer_id
    LEFT JOIN unnest(p_zone_customers, p_customer_zones) AS z (customer_id, zone) ON z.customer_id = i.customer_id
  ),
  entries AS (
    SELECT e.invoice_id, e.kind, e.amount_minor, e.source, e.occurred_at,
           (e.occurred_at AT TIME ZONE p_zone)::date AS day
    FROM inv i JOIN invoice_entries e ON e.invoice_id = i.invoice_id
    WHERE NOT EXISTS (SELECT 1 FROM unnest(p_without_entries) AS w (entry_id) WHERE w.entry_id = e.entry_id)
  ),
  sales AS (
    SELECT 'sale' AS measure, i.invoice_id, i.issue_date AS key_date, i.issue_date AS day, 0 AS n,
           i.amount_minor::numeric AS amount, 0::numeric AS late, 0::numeric AS weighted
    FROM inv i
    UNION ALL
    SELECT 'sale', i.invoice_id, i.issue_date, min(e.day), 0, -i.amount_minor, 0, 0
    FROM inv i JOIN entries e ON e.invoice_id = i.invoice_id AND e.kind = 'cancellation'
    GROUP BY i.invoice_id, i.issue_date, i.amount_minor
  ),
  flows AS (
    SELECT e.kind, i.invoice_id,
           CASE WHEN e.kind = 'cancellation' THEN i.issue_date ELSE greatest(i.issue_date, e.day) END,
           e.day, 0, -e.amount_minor::numeric, 0::numeric, 0::numeric
    FROM inv i JOIN entries e ON e.invoice_id = i.invoice_id
    WHERE e.kind IN ('write-off', 'cancellation', 'discount')
  ),
  -- The settlement state at the end of each effective day with an entry.
  days AS (
    SELECT DISTINCT e.invoice_id, greatest(e.day, i.issue_date) AS day,
           sum(e.amount_minor) OVER w AS balance,
           bool_or(e.kind IN ('write-off', 'cancellation')) OVER w AS closed,
           max(e.occurred_at) FILTER (WHERE e.kind = 'payment' AND e.source <> 'import') OVER w AS paid_at
    FROM entries e JOIN inv i ON i.invoice_id = e.invoice_id
    WINDOW w AS (PARTITION BY e.invoice_id ORDER BY greatest(e.day, i.issue_date))
  ),
  states AS (
    SELECT d.invoice_id, d.day, (d.paid_at AT TIME ZONE p_zone)::date AS paid_day,
           greatest(0, (d.paid_at AT TIME ZONE i.customer_zone)::date - i.due_date) AS late
    FROM days d JOIN inv i ON i.invoice_id = d.invoice_id
    WHERE d.balance <= 0 AND NOT d.closed AND d.paid_at IS NOT NULL
  ),
  -- Every day with an entry, with its state (if settled) and the state before it.
  steps AS (
    SELECT d.invoice_id, d.day, s.paid_day, s.late,
           lag(s.paid_day) OVER w AS before_day, lag(s.late) OVER w AS before_late
    FROM days d LEFT JOIN states s ON s.invoice_id = d.invoice_id AND s.day = d.day
    WINDOW w AS (PARTITION BY d.invoice_id ORDER BY d.day)
  ),
  settled AS (
    SELECT 'settled', s.invoice_id, s.paid_day, s.day, 1, i.amount_minor::numeric, s.late::numeric,
           i.amount_minor::numeric * s.late
    FROM steps s JOIN inv i ON i.invoice_id = s.invoice_id WHERE s.paid_day IS NOT NULL
    UNION ALL
    SELECT 'settled', s.invoice_id, s.before_day, s.day, -1, -i.amount_minor::numeric, -s.before_late::numeric,
           -i.amount_minor::numeric * s.before_late
    FROM steps s JOIN inv i ON i.invoice_id = s.invoice_id WHERE s.before_day IS NOT NULL
  ),
  all_rows AS (
    SELECT * FROM sales UNION ALL SELECT * FROM flows UNION ALL SELECT * FROM settled
  )
  SELECT r.measure, i.currency, r.key_date, r.day, sum(r.n)::bigint, sum(r.amount), sum(r.late), sum(r.weighted)
  FROM all_rows r JOIN inv i ON i.invoice_id = r.invoice_id
  GROUP BY r.measure, i.currency, r.key_date, r.day
  HAVING sum(r.n) <> 0 OR sum(r.amount) <> 0 OR sum(r.late) <> 0 OR sum(r.weighted) <> 0
$$;

-- The rows that writing some entries or changing some customers' zones adds: the invoices' rows now
-- minus their rows without those entries and with the customers' former zones.
CREATE FUNCTION period_change(
  p_invoice_ids text[],
  p_without_entries bigint[],
  p_zone_customers text[] DEFAULT '{}',
  p_customer_zones text[] DEFAULT '{}'
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM receivable_summary_settings);
BEGIN
  INSERT INTO period_changes (measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days)
  SELECT c.measure, c.currency, c.key_date, c.day, sum(c.item_count), sum(c.amount_minor), sum(c.days_late),
         sum(c.weighted_days)
  FROM (
    SELECT * FROM period_contribution(p_invoice_ids, zone)
    UNION ALL
    SELECT w.measure, w.currency, w.key_date, w.day, -w.item_count, -w.amount_minor, -w.days_late, -w.weighted_days
    FROM period_contribution(p_invoice_ids, zone, p_without_entries, p_zone_customers, p_customer_zones) w
  ) c
  GROUP BY c.measure, c.currency, c.key_date, c.day
  HAVING sum(c.item_count) <> 0 OR sum(c.amount_minor) <> 0 OR sum(c.days_late) <> 0 OR sum(c.weighted_days) <> 0;
END $$;

-- A new invoice adds its rows without any of its entries (its sale); its entries add the rest,
-- whichever of the two statements' triggers runs first.
CREATE FUNCTION summarize_new_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  zone text := (SELECT time_zone FROM receivable_summary_settings);
  ids text[] := ARRAY(SELECT invoice_id FROM new_invoices);
BEGIN
  INSERT INTO period_changes (measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days)
  SELECT * FROM period_contribution(ids, zone,
                                    ARRAY(SELECT entry_id FROM invoice_entries WHERE invoice_id = ANY (ids)));
  RETURN NULL;
END $$;
CREATE TRIGGER invoices_period_summary AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_invoices FOR EACH STATEMENT EXECUTE FUNCTION summarize_new_invoices();

-- After invoice_entries_balance, like the receivable summary's trigger (name order), for the same reason.
CREATE FUNCTION summarize_period_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM period_change(ARRAY(SELECT DISTINCT invoice_id FROM new_entries), ARRAY(SELECT entry_id FROM new_entries));
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_entries_period_summary AFTER INSERT ON invoice_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION summarize_period_entries();

-- Days late are counted in the customer's zone: a customer who appears or changes zone has their
-- invoices' settled rows recounted, their invoices locked first in the ledger's order.
CREATE FUNCTION recount_period_zones(p_customers text[], p_zones text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
BEGIN
  IF cardinality(p_customers) = 0 THEN
    RETURN;
  END IF;
  ids := ARRAY(
    SELECT i.invoice_id FROM invoices i WHERE i.customer_id = ANY (p_customers)
    ORDER BY i.due_date, i.issue_date, i.invoice_id FOR UPDATE
  );
  IF cardinality(ids) > 0 THEN
    PERFORM period_change(ids, '{}', p_customers, p_zones);
  END IF;
END $$;

CREATE FUNCTION summarize_new_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_period_zones(
    ARRAY(SELECT customer_id FROM new_customers WHERE coalesce(profile->>'timezone', 'UTC') <> 'UTC'),
    ARRAY(SELECT NULL::text FROM new_customers WHERE coalesce(profile->>'timezone', 'UTC') <> 'UTC'));
  RETURN NULL;
END $$;
CREATE TRIGGER customers_inserted_period_summary AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_customers FOR EACH STATEMENT EXECUTE FUNCTION summarize_new_customers();

CREATE FUNCTION summarize_changed_customers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text[];
  former text[];
BEGIN
  SELECT coalesce(array_agg(o.customer_id ORDER BY o.customer_id), '{}'),
         coalesce(array_agg(o.profile->>'timezone' ORDER BY o.customer_id), '{}')
  INTO changed, former
  FROM old_customers o JOIN new_customers n ON n.customer_id = o.customer_id
  WHERE coalesce(o.profile->>'timezone', 'UTC') <> coalesce(n.profile->>'timezone', 'UTC');
  PERFORM recount_period_zones(changed, former);
  RETURN NULL;
END $$;
CREATE TRIGGER customers_updated_period_summary AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_customers NEW TABLE AS new_customers
  FOR EACH STATEMENT EXECUTE FUNCTION summarize_changed_customers();

-- The receivable summary's compaction also folds the period log into its day totals, under the same
-- lock; it returns how many changes of both logs it moved (-1 if busy).
CREATE FUNCTION compact_period_changes(p_limit int) RETURNS bigint LANGUAGE sql AS $$
  WITH taken AS (
    DELETE FROM period_changes
    WHERE change_id IN (SELECT change_id FROM period_changes ORDER BY change_id LIMIT p_limit)
    RETURNING measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days
  ),
  per_day AS (
    SELECT measure, currency, key_date, day, sum(item_count) AS item_count, sum(amount_minor) AS amount_minor,
           sum(days_late) AS days_late, sum(weighted_days) AS weighted_days, count(*) AS changes
    FROM taken GROUP BY measure, currency, key_date, day
  ),
  into_days AS (
    INSERT INTO period_day_totals AS t
      (measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days)
    SELECT measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days FROM per_day
    ON CONFLICT (measure, currency, day, key_date) DO UPDATE
      SET item_count = t.item_count + excluded.item_count, amount_minor = t.amount_minor + excluded.amount_minor,
          days_late = t.days_late + excluded.days_late, weighted_days = t.weighted_days + excluded.weighted_days
  )
  SELECT coalesce(sum(changes), 0)::bigint FROM per_day
$$;

ALTER FUNCTION compact_receivable_changes(int) RENAME TO compact_receivable_log;
CREATE FUNCTION compact_receivable_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint := compact_receivable_log(p_limit);
BEGIN
  IF moved < 0 THEN
    RETURN moved;
  END IF;
  -- The lock compact_receivable_log took is held until this transaction ends.
  RETURN moved + compact_period_changes(p_limit);
END $$;

-- A rebuild for another zone rebuilds both summaries in one transaction; invoices and customers
-- wait too, as their triggers write the period log.
ALTER FUNCTION rebuild_receivable_summary(text) RENAME TO rebuild_receivable_totals;
CREATE FUNCTION rebuild_receivable_summary(p_zone text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT time_zone FROM receivable_summary_settings) = p_zone THEN
    RETURN false;
  END IF;
  LOCK TABLE invoice_entries, customer_risk_classes, invoices, customers IN SHARE MODE;
  IF NOT rebuild_receivable_totals(p_zone) THEN
    RETURN false;
  END IF;
  TRUNCATE period_changes, period_day_totals;
  INSERT INTO period_day_totals (measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days)
  SELECT * FROM period_contribution(ARRAY(SELECT invoice_id FROM invoices), p_zone);
  RETURN true;
END $$;

-- The ledger as it stands, in the zone the receivable summary was built for.
INSERT INTO period_day_totals (measure, currency, key_date, day, item_count, amount_minor, days_late, weighted_days)
SELECT * FROM period_contribution(ARRAY(SELECT invoice_id FROM invoices),
                                  (SELECT time_zone FROM receivable_summary_settings));
