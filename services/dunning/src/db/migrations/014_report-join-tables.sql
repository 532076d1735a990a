-- Up Migration
-- Invoice → task and invoice → notice action, as plain rows the recovery reports join on: looking each
-- invoice up inside the tasks' and actions' invoice arrays (GIN) costs one probe per invoice and made the
-- reports take minutes. Triggers keep them in step with every insert (tasks, legal tasks, actions), so no
-- writer can forget them; both sources' invoice lists and instants never change after insert.
CREATE TABLE collector_task_invoices (
  invoice_id text NOT NULL,
  task_id text NOT NULL REFERENCES collector_tasks (task_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (invoice_id, task_id)
);
CREATE INDEX collector_task_invoices_task_idx ON collector_task_invoices (task_id);

CREATE TABLE step_action_invoices (
  invoice_id text NOT NULL,
  action_id text NOT NULL REFERENCES step_actions (action_id) ON DELETE CASCADE,
  step_id text NOT NULL,
  action text NOT NULL,
  requested_at timestamptz NOT NULL,
  PRIMARY KEY (invoice_id, action_id)
);
CREATE INDEX step_action_invoices_action_idx ON step_action_invoices (action_id);
CREATE INDEX step_action_invoices_requested_idx ON step_action_invoices (requested_at)
  INCLUDE (invoice_id, action, action_id);

-- Once per statement, from the rows it inserted: the service inserts tasks and actions in batches.
CREATE FUNCTION collector_task_invoices_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO collector_task_invoices (invoice_id, task_id, created_at)
  SELECT DISTINCT i, t.task_id, t.created_at FROM inserted t, unnest(t.invoice_ids) i;
  RETURN NULL;
END $$;
CREATE TRIGGER collector_task_invoices_sync AFTER INSERT ON collector_tasks
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION collector_task_invoices_sync();

CREATE FUNCTION step_action_invoices_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO step_action_invoices (invoice_id, action_id, step_id, action, requested_at)
  SELECT DISTINCT i, a.action_id, a.step_id, a.action, a.requested_at FROM inserted a, unnest(a.invoice_ids) i;
  RETURN NULL;
END $$;
CREATE TRIGGER step_action_invoices_sync AFTER INSERT ON step_actions
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION step_action_invoices_sync();

-- History: every task and action stored so far.
INSERT INTO collector_task_invoices (invoice_id, task_id, created_at)
SELECT DISTINCT i, t.task_id, t.created_at FROM collector_tasks t, unnest(t.invoice_ids) i;
INSERT INTO step_action_invoices (invoice_id, action_id, step_id, action, requested_at)
SELECT DISTINCT i, a.action_id, a.step_id, a.action, a.requested_at FROM step_actions a, unnest(a.invoice_ids) i;

-- The level an invoice reached by an instant: its done steps, with their level, by invoice.
CREATE INDEX dunning_steps_done_level_idx ON dunning_steps (invoice_id, executed_at) INCLUDE (notice_level)
  WHERE status = 'done';
-- Opening balances: an invoice's movements by date.
CREATE INDEX balance_movements_invoice_at_idx ON balance_movements (invoice_id, at) INCLUDE (kind, delta_minor);
