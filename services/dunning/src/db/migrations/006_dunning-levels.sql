-- Levels are one scale in every policy: 0 courtesy, 1 reminder, 2 overdue notice, 3 final notice,
-- 4 legal letter. Stored ladders get an explicit level per step: by name for the shipped step names,
-- otherwise by place in the ladder capped at 4. Stored data is kept; only the level is added.
CREATE FUNCTION pg_temp.scale_level(step_name text, fallback int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE step_name
    WHEN 'courtesy-reminder' THEN 0
    WHEN 'reminder' THEN 1
    WHEN 'overdue-notice' THEN 2
    WHEN 'second-notice' THEN 2
    WHEN 'final-notice' THEN 3
    WHEN 'legal-letter' THEN 4
    ELSE least(fallback, 4)
  END
$$;

UPDATE policies p
SET body = jsonb_set(p.body, '{steps}', (
  SELECT jsonb_agg(
           CASE WHEN e.step ? 'level' THEN e.step
                ELSE e.step || jsonb_build_object('level', pg_temp.scale_level(e.step->>'name', (e.ord - 1)::int))
           END ORDER BY e.ord)
  FROM jsonb_array_elements(p.body->'steps') WITH ORDINALITY AS e (step, ord)))
WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(p.body->'steps') s WHERE NOT s ? 'level');

-- A step's level was its place in the ladder until now.
UPDATE dunning_steps
SET level = pg_temp.scale_level(name, level),
    definition = definition || jsonb_build_object('level', pg_temp.scale_level(name, level))
WHERE NOT definition ? 'level';

-- The level this invoice got in the notice its step ran with (below the step's own level when its
-- balance was under the step's minimum amount).
ALTER TABLE dunning_steps ADD COLUMN notice_level int;
UPDATE dunning_steps SET notice_level = level WHERE status = 'done';

-- The highest level of a notice the invoice actually got, and when it got its last notice: the next
-- notice is at most one level above, and no sooner than the policy's minimum interval after.
ALTER TABLE dunning_cases ADD COLUMN reached_level int, ADD COLUMN last_notice_at timestamptz;
UPDATE dunning_cases c
SET reached_level = d.reached, last_notice_at = d.last_at
FROM (SELECT invoice_id, max(notice_level) AS reached, max(executed_at) AS last_at
      FROM dunning_steps WHERE status = 'done' GROUP BY invoice_id) d
WHERE d.invoice_id = c.invoice_id;

-- The last notice per customer and currency: at most one a day.
CREATE INDEX dunning_steps_notices_idx ON dunning_steps (customer_id, executed_at) WHERE status = 'done';
