-- Up Migration
-- A policy assigned to the customer by hand wins over the one their risk class selects (NULL: by class).
ALTER TABLE dunning_customers
  ADD COLUMN assigned_policy_id text,
  ADD COLUMN policy_assigned_at timestamptz;

-- A case handed to legal: no notice goes out while legal_since is set; the status column keeps the
-- pause state underneath, so a withdrawal finds it as it was.
ALTER TABLE dunning_cases
  ADD COLUMN legal_since timestamptz,
  ADD COLUMN legal_reason text;
CREATE INDEX dunning_cases_legal_idx ON dunning_cases (customer_id) WHERE legal_since IS NOT NULL AND status <> 'closed';

-- Tasks live in a queue: the collectors' or legal's. A legal task raised by a posting on the customer
-- records what was posted.
ALTER TABLE collector_tasks
  ADD COLUMN queue text NOT NULL DEFAULT 'collections' CHECK (queue IN ('collections', 'legal')),
  ADD COLUMN posting jsonb;
-- The legal queue is worked oldest first.
CREATE INDEX collector_tasks_legal_idx ON collector_tasks (created_at) WHERE queue = 'legal';

-- Withdrawing a case from legal closes its legal tasks (`legal-withdrawn`). The check on close_reason
-- is replaced whatever its name; the new list also holds `blocked`, the reason a dunning block closes
-- tasks with.
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
  CHECK (close_reason IN ('settled', 'disputed', 'promised', 'blocked', 'legal-withdrawn'));
