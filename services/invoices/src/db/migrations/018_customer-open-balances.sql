-- Up Migration
-- What each customer owes now per currency (the open invoices' balances, and how many), kept so that
-- aging by customer ranks a hundred thousand customers from their totals instead of summing every open
-- invoice (half a million at a million invoices). Kept like the receivable summary: each ledger statement
-- appends what it changed per customer to a log (no shared row is updated, so postings never wait on
-- each other here) and the summary compactor folds the log into the totals.
CREATE TABLE customer_open_changes (
  change_id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  open_minor numeric NOT NULL,
  open_count bigint NOT NULL
);

CREATE TABLE customer_open_totals (
  customer_id text NOT NULL,
  currency char(3) NOT NULL,
  open_minor numeric NOT NULL,
  open_count bigint NOT NULL,
  PRIMARY KEY (customer_id, currency)
);
-- The customers owing the most in a currency, read from the top.
CREATE INDEX customer_open_totals_ranking_idx ON customer_open_totals (currency, open_minor DESC, customer_id);

-- Balances change only by entries: an invoice starts at its amount with its issue entry, and every later
-- entry is added by invoice_entries_balance, which runs before this (triggers fire in name order) and
-- holds the invoices' rows. So an invoice's balance before the statement is its balance now less the
-- statement's non-issue entries, and an invoice whose issue entry is in the statement owed nothing before.
CREATE FUNCTION summarize_customer_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_open_changes (customer_id, currency, open_minor, open_count)
  SELECT i.customer_id, i.currency,
         sum(greatest(i.balance_minor, 0) - CASE WHEN n.issued THEN 0 ELSE greatest(i.balance_minor - n.added, 0) END),
         sum((i.balance_minor > 0)::int - CASE WHEN n.issued THEN 0 ELSE (i.balance_minor - n.added > 0)::int END)
  FROM (SELECT invoice_id, bool_or(kind = 'issue') AS issued,
               coalesce(sum(amount_minor) FILTER (WHERE kind <> 'issue'), 0) AS added
        FROM new_entries GROUP BY invoice_id) n
  JOIN invoices i ON i.invoice_id = n.invoice_id
  GROUP BY i.customer_id, i.currency
  HAVING sum(greatest(i.balance_minor, 0) - CASE WHEN n.issued THEN 0 ELSE greatest(i.balance_minor - n.added, 0) END) <> 0
      OR sum((i.balance_minor > 0)::int - CASE WHEN n.issued THEN 0 ELSE (i.balance_minor - n.added > 0)::int END) <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_entries_customer_open AFTER INSERT ON invoice_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION summarize_customer_open();

CREATE FUNCTION compact_customer_open_changes(p_limit int) RETURNS bigint LANGUAGE sql AS $$
  WITH taken AS (
    DELETE FROM customer_open_changes
    WHERE change_id IN (SELECT change_id FROM customer_open_changes ORDER BY change_id LIMIT p_limit)
    RETURNING customer_id, currency, open_minor, open_count
  ),
  per_customer AS (
    SELECT customer_id, currency, sum(open_minor) AS open_minor, sum(open_count) AS open_count, count(*) AS changes
    FROM taken GROUP BY customer_id, currency
  ),
  into_totals AS (
    INSERT INTO customer_open_totals AS t (customer_id, currency, open_minor, open_count)
    SELECT customer_id, currency, open_minor, open_count FROM per_customer
    ON CONFLICT (customer_id, currency) DO UPDATE
      SET open_minor = t.open_minor + excluded.open_minor, open_count = t.open_count + excluded.open_count
  )
  SELECT coalesce(sum(changes), 0)::bigint FROM per_customer
$$;

-- The summary compactor folds this log too, under the lock compact_receivable_log takes.
ALTER FUNCTION compact_receivable_changes(int) RENAME TO compact_receivable_and_period_changes;
CREATE FUNCTION compact_receivable_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint := compact_receivable_and_period_changes(p_limit);
BEGIN
  IF moved < 0 THEN
    RETURN moved;
  END IF;
  RETURN moved + compact_customer_open_changes(p_limit);
END $$;

-- What is owed now.
INSERT INTO customer_open_totals (customer_id, currency, open_minor, open_count)
SELECT customer_id, currency, sum(balance_minor), count(*) FROM invoices WHERE balance_minor > 0
GROUP BY customer_id, currency;
