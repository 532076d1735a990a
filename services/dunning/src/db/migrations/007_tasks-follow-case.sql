-- Up Migration
-- A task ends with its case: closed (not done: nobody worked it) with the reason.
ALTER TABLE collector_tasks DROP CONSTRAINT collector_tasks_status_check;
ALTER TABLE collector_tasks
  ADD CONSTRAINT collector_tasks_status_check CHECK (status IN ('open', 'claimed', 'done', 'closed')),
  ADD COLUMN close_reason text CHECK (close_reason IN ('settled', 'disputed', 'promised')),
  ADD COLUMN closed_at timestamptz,
  -- The priority the task was created with; priority is this times a bounded escalation factor, so
  -- re-queues can no longer double it to Infinity.
  ADD COLUMN base_priority double precision;

-- Past doublings are undone where the priority is still finite; a task already at Infinity lost its
-- base, and its amount stands in for it (a ranking, not money).
UPDATE collector_tasks SET base_priority = CASE
    WHEN priority < 'Infinity'::float8 AND escalations <= 1000 THEN priority / power(2::float8, escalations)
    ELSE amount_minor::float8
  END;
UPDATE collector_tasks SET priority = base_priority * power(2::float8, least(escalations, 3));
ALTER TABLE collector_tasks ALTER COLUMN base_priority SET NOT NULL;

-- One timeline entry per failed notification and invoice, whatever the event id it arrives under.
CREATE UNIQUE INDEX case_timeline_notification_failed_idx ON case_timeline (invoice_id, (detail ->> 'notificationId'))
  WHERE kind = 'notification-failed';
