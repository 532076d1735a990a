-- A call task covers every invoice of its notice: its amount is a sum of balances that each fit a
-- bigint of minor units, and need not fit one itself. Still whole minor units.
ALTER TABLE collector_tasks ALTER COLUMN amount_minor TYPE numeric(40, 0);
