-- Up Migration
-- An invoice is inserted with its issue entry (+amount) in the same transaction, so it starts with
-- balance_minor = amount_minor: set on insert, instead of an UPDATE of every new invoice by the entries
-- trigger (a second row version and index entries per invoice, and a scan of all invoices when a
-- batch inserts many). The trigger now adds only the entries that follow the issue.
CREATE FUNCTION start_balance_at_amount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.balance_minor := NEW.amount_minor;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_start_balance BEFORE INSERT ON invoices
  FOR EACH ROW EXECUTE FUNCTION start_balance_at_amount();

CREATE OR REPLACE FUNCTION add_entries_to_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_entries WHERE kind <> 'issue') THEN
    RETURN NULL;
  END IF;
  -- The id list lets the planner reach the invoices by primary key rather than scan them all.
  UPDATE invoices i SET balance_minor = i.balance_minor + n.total
  FROM (SELECT invoice_id, sum(amount_minor) AS total FROM new_entries WHERE kind <> 'issue'
        GROUP BY invoice_id) n
  WHERE i.invoice_id = n.invoice_id
    AND i.invoice_id = ANY (ARRAY(SELECT invoice_id FROM new_entries WHERE kind <> 'issue'));
  RETURN NULL;
END $$;
