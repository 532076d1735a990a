-- Up Migration
-- The priority a task was created with; priority is this times a bounded escalation factor, so
-- re-queues can no longer double it to Infinity.
ALTER TABLE collector_tasks ADD COLUMN base_priority double precision;

-- Past doublings are undone where the priority is still finite; a task already at Infinity lost its
-- base, and its amount stands in for it (a ranking, not money).
UPDATE collector_tasks SET base_priority = CASE
    WHEN priority < 'Infinity'::float8 AND escalations <= 1000 THEN priority / power(2::float8, escalations)
    ELSE amount_minor::float8
  END;
UPDATE collector_tasks SET priority = base_priority * power(2::float8, least(escalations, 3));
ALTER TABLE collector_tasks ALTER COLUMN base_priority SET NOT NULL;
