-- Up Migration
-- An alert-review task (credit-risk raised a business alert on the customer) closes when the alert is
-- resolved: `alert-resolved` joins the reasons a task closes with.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'collector_tasks'::regclass AND contype = 'c'
             AND pg_get_constraintdef(oid) LIKE '%close_reason%'
  LOOP
    EXECUTE format('ALTER TABLE collector_tasks DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE collector_tasks ADD CONSTRAINT collector_tasks_close_reason_check
  CHECK (close_reason IN ('settled', 'disputed', 'promised', 'blocked', 'legal-withdrawn', 'alert-resolved'));
