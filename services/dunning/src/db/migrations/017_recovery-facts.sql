-- Up Migration
-- The recovery report's per-invoice facts, kept as one narrow row per case: what it owes and when it
-- fell overdue, the sum of every balance movement, and its attribution now and just before its newest
-- event of each kind (the newest two tasks, the levels reached before and at the newest done step, the
-- newest two notices' channels), with the instants behind them; and the instants of the notices sent on
-- it alone, per channel. The report reads an invoice's opening balance as its amount less every
-- movement plus those since the period's start, its attribution from this row when the instant asked
-- about falls after the newest or the one before, and counts the notices in a period by binary search
-- (README, "Recovery report"); only the other invoices look their history up.
--
-- Every writer's trigger recomputes the row of each invoice it touched from the rows stored about it,
-- after locking it: so a writer that waited on another reads what that one committed, and the facts are
-- exactly what the history says, whatever order things arrive in.
CREATE TABLE recovery_facts (
  invoice_id text PRIMARY KEY,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL,
  overdue_at timestamptz,
  -- While not closed: null. Closed without an instant: -infinity (closed before any period).
  closed_at timestamptz,
  moved_minor bigint NOT NULL DEFAULT 0,
  -- The newest task on the invoice (any queue) and the one before it: whether it is a collector's
  -- collections task, and whose. A task's queue or collector changes apart from its invoices' writers
  -- (claims, re-queues): such changes are logged (recovery_task_changes) and folded in later.
  task_id text,
  task_created_at timestamptz,
  task_usable boolean,
  collector_id text,
  prev_task_id text,
  prev_task_created_at timestamptz,
  prev_task_usable boolean,
  prev_collector_id text,
  -- The highest notice level of its done steps, at the newest done step's instant and before it.
  level int,
  level_at timestamptz,
  prev_level int,
  prev_level_at timestamptz,
  -- The newest two notices (email, sms, letter; a notice is a step's actions at one instant): instant
  -- and channels, as bits (email 1, letter 2, sms 4; null when none of its actions is named
  -- <stepId>.<channel>).
  notice_at timestamptz,
  channels smallint,
  prev_notice_at timestamptz,
  prev_channels smallint,
  -- Instants of the notices on this invoice alone (a notice on several invoices is counted apart), sorted.
  email_at timestamptz[],
  sms_at timestamptz[],
  letter_at timestamptz[]
);

-- A notice's channels as bits (an aggregate: the bits of each channel named).
CREATE FUNCTION recovery_channel_bit(p_bits smallint, p_channel text) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (COALESCE(p_bits, 0) | CASE p_channel WHEN 'email' THEN 1 WHEN 'letter' THEN 2 WHEN 'sms' THEN 4 END)::smallint
$$;
CREATE AGGREGATE recovery_channel_bits(text) (SFUNC = recovery_channel_bit, STYPE = smallint, PARALLEL = SAFE);

-- Recomputes the given parts (moved, tasks, levels, notices) of some invoices' facts from the rows stored
-- about them, after locking their rows. Each part is one set-based statement over the listed invoices
-- (joined to the list: a test against it, = ANY, would scan the list per row), planned afresh for each
-- call: a few invoices are read through their indexes, a million (a bulk load) by hashing. A row whose
-- part is unchanged (a new case with nothing stored about it yet) is not written.
CREATE FUNCTION recovery_facts_fill(p_invoice_ids text[], p_parts text[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  IF cardinality(p_invoice_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM recovery_facts f JOIN unnest(p_invoice_ids) u (invoice_id) ON u.invoice_id = f.invoice_id
  ORDER BY f.invoice_id FOR UPDATE OF f;
  IF 'moved' = ANY(p_parts) THEN
    UPDATE recovery_facts f SET moved_minor = n.moved
    FROM (SELECT u.invoice_id, COALESCE(sum(m.delta_minor), 0) AS moved
          FROM unnest(p_invoice_ids) u (invoice_id) LEFT JOIN balance_movements m ON m.invoice_id = u.invoice_id
          GROUP BY u.invoice_id) n
    WHERE f.invoice_id = n.invoice_id AND f.moved_minor <> n.moved;
  END IF;
  IF 'tasks' = ANY(p_parts) THEN
    UPDATE recovery_facts f SET
      (task_id, task_created_at, task_usable, collector_id,
       prev_task_id, prev_task_created_at, prev_task_usable, prev_collector_id) =
      (n.task_id, n.created_at, n.usable, n.collector_id,
       n.prev_task_id, n.prev_created_at, n.prev_usable, n.prev_collector_id)
    FROM (SELECT u.invoice_id,
                 max(x.task_id) FILTER (WHERE x.place = 1) AS task_id,
                 max(x.created_at) FILTER (WHERE x.place = 1) AS created_at,
                 bool_or(x.usable) FILTER (WHERE x.place = 1) AS usable,
                 max(x.collector_id) FILTER (WHERE x.place = 1) AS collector_id,
                 max(x.task_id) FILTER (WHERE x.place = 2) AS prev_task_id,
                 max(x.created_at) FILTER (WHERE x.place = 2) AS prev_created_at,
                 bool_or(x.usable) FILTER (WHERE x.place = 2) AS prev_usable,
                 max(x.collector_id) FILTER (WHERE x.place = 2) AS prev_collector_id
          FROM unnest(p_invoice_ids) u (invoice_id)
          LEFT JOIN (SELECT ti.invoice_id, ti.task_id, ti.created_at, t.collector_id,
                            t.queue = 'collections' AND t.collector_id IS NOT NULL AS usable,
                            row_number() OVER (PARTITION BY ti.invoice_id ORDER BY ti.created_at DESC, ti.task_id DESC)
                              AS place
                     FROM collector_task_invoices ti JOIN collector_tasks t ON t.task_id = ti.task_id
                     WHERE ti.invoice_id IN (SELECT unnest(p_invoice_ids))) x ON x.invoice_id = u.invoice_id
          GROUP BY u.invoice_id) n
    WHERE f.invoice_id = n.invoice_id
      AND (f.task_id, f.task_created_at, f.task_usable, f.collector_id,
           f.prev_task_id, f.prev_task_created_at, f.prev_task_usable, f.prev_collector_id)
        IS DISTINCT FROM (n.task_id, n.created_at, n.usable, n.collector_id,
                          n.prev_task_id, n.prev_created_at, n.prev_usable, n.prev_collector_id);
  END IF;
  IF 'levels' = ANY(p_parts) THEN
    UPDATE recovery_facts f SET (level, level_at, prev_level, prev_level_at) = (n.level, n.at, n.prev_level, n.prev_at)
    FROM (SELECT u.invoice_id, max(d.notice_level) AS level, max(d.executed_at) AS at,
                 max(d.notice_level) FILTER (WHERE d.executed_at < d.newest) AS prev_level,
                 max(d.executed_at) FILTER (WHERE d.executed_at < d.newest) AS prev_at
          FROM unnest(p_invoice_ids) u (invoice_id)
          LEFT JOIN (SELECT s.invoice_id, s.notice_level, s.executed_at,
                            max(s.executed_at) OVER (PARTITION BY s.invoice_id) AS newest
                     FROM dunning_steps s
                     WHERE s.invoice_id IN (SELECT unnest(p_invoice_ids)) AND s.status = 'done'
                       AND s.executed_at IS NOT NULL) d ON d.invoice_id = u.invoice_id
          GROUP BY u.invoice_id) n
    WHERE f.invoice_id = n.invoice_id
      AND (f.level, f.level_at, f.prev_level, f.prev_level_at)
        IS DISTINCT FROM (n.level, n.at, n.prev_level, n.prev_at);
  END IF;
  IF 'notices' = ANY(p_parts) THEN
    UPDATE recovery_facts f SET
      (notice_at, channels, prev_notice_at, prev_channels, email_at, sms_at, letter_at) =
      (n.at[1], n.bits[1], n.at[2], n.bits[2], o.email_at, o.sms_at, o.letter_at)
    FROM unnest(p_invoice_ids) u (invoice_id)
    -- The notices (a step's channel actions at one instant), newest first.
    LEFT JOIN (SELECT g.invoice_id, array_agg(g.requested_at ORDER BY g.requested_at DESC, g.step_id DESC) AS at,
                      array_agg(g.bits ORDER BY g.requested_at DESC, g.step_id DESC) AS bits
               FROM (SELECT a.invoice_id, a.requested_at, a.step_id,
                            recovery_channel_bits(a.action) FILTER (WHERE a.action_id = a.step_id || '.' || a.action)
                              AS bits
                     FROM step_action_invoices a
                     WHERE a.invoice_id IN (SELECT unnest(p_invoice_ids)) AND a.action IN ('email', 'sms', 'letter')
                     GROUP BY a.invoice_id, a.requested_at, a.step_id) g
               GROUP BY g.invoice_id) n ON n.invoice_id = u.invoice_id
    -- The instants of those on this invoice alone, per channel.
    LEFT JOIN (SELECT a.invoice_id,
                      array_agg(a.requested_at ORDER BY a.requested_at) FILTER (WHERE a.action = 'email') AS email_at,
                      array_agg(a.requested_at ORDER BY a.requested_at) FILTER (WHERE a.action = 'sms') AS sms_at,
                      array_agg(a.requested_at ORDER BY a.requested_at) FILTER (WHERE a.action = 'letter') AS letter_at
               FROM step_action_invoices a JOIN step_actions sa ON sa.action_id = a.action_id
               WHERE a.invoice_id IN (SELECT unnest(p_invoice_ids)) AND a.action IN ('email', 'sms', 'letter')
                 AND cardinality(sa.invoice_ids) = 1
               GROUP BY a.invoice_id) o ON o.invoice_id = u.invoice_id
    WHERE f.invoice_id = u.invoice_id
      AND (f.notice_at, f.channels, f.prev_notice_at, f.prev_channels, f.email_at, f.sms_at, f.letter_at)
        IS DISTINCT FROM (n.at[1], n.bits[1], n.at[2], n.bits[2], o.email_at, o.sms_at, o.letter_at);
  END IF;
END $$;

-- A movement may come before its case (the ledger's event first): its row is made then, and the case's
-- insert fills in the rest.
CREATE FUNCTION recovery_facts_of_new_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO recovery_facts AS f (invoice_id, currency, amount_minor, overdue_at, closed_at)
  SELECT c.invoice_id, c.currency, c.amount_minor, c.overdue_at,
         CASE WHEN c.status = 'closed' THEN COALESCE(c.closed_at, '-infinity') END
  FROM new_cases c ORDER BY c.invoice_id
  ON CONFLICT (invoice_id) DO UPDATE SET currency = excluded.currency, amount_minor = excluded.amount_minor,
    overdue_at = excluded.overdue_at, closed_at = excluded.closed_at;
  PERFORM recovery_facts_fill(ARRAY(SELECT invoice_id FROM new_cases), ARRAY['moved', 'tasks', 'levels', 'notices']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_cases_inserted AFTER INSERT ON dunning_cases
  REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_new_cases();

-- Most case updates (balances, levels, pauses) change nothing kept here: only the rows that do are written.
CREATE FUNCTION recovery_facts_of_changed_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE recovery_facts f SET currency = n.currency, amount_minor = n.amount_minor, overdue_at = n.overdue_at,
    closed_at = CASE WHEN n.status = 'closed' THEN COALESCE(n.closed_at, '-infinity') END
  FROM new_cases n JOIN old_cases o USING (invoice_id)
  WHERE f.invoice_id = n.invoice_id
    AND (n.currency, n.amount_minor, n.overdue_at, n.status, n.closed_at)
      IS DISTINCT FROM (o.currency, o.amount_minor, o.overdue_at, o.status, o.closed_at);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_cases_updated AFTER UPDATE ON dunning_cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_changed_cases();

CREATE FUNCTION recovery_facts_of_movements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO recovery_facts (invoice_id, currency, amount_minor)
  SELECT DISTINCT ON (m.invoice_id) m.invoice_id, m.currency, 0 FROM new_movements m ORDER BY m.invoice_id
  ON CONFLICT (invoice_id) DO NOTHING;
  PERFORM recovery_facts_fill(ARRAY(SELECT DISTINCT invoice_id FROM new_movements), ARRAY['moved']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_movements AFTER INSERT ON balance_movements
  REFERENCING NEW TABLE AS new_movements FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_movements();

CREATE FUNCTION recovery_facts_of_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recovery_facts_fill(ARRAY(SELECT DISTINCT invoice_id FROM new_task_invoices), ARRAY['tasks']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_tasks AFTER INSERT ON collector_task_invoices
  REFERENCING NEW TABLE AS new_task_invoices FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_tasks();

-- A task whose queue or collector changed: its invoices, logged (insert only: a claim or a re-queue never
-- waits on an invoice's writers). The report looks their collector up until the log is folded in.
CREATE TABLE recovery_task_changes (
  change_id bigserial PRIMARY KEY,
  invoice_id text NOT NULL
);
CREATE INDEX recovery_task_changes_invoice_idx ON recovery_task_changes (invoice_id);

CREATE FUNCTION recovery_facts_of_changed_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO recovery_task_changes (invoice_id)
  SELECT DISTINCT i FROM new_tasks t JOIN old_tasks o ON o.task_id = t.task_id, unnest(t.invoice_ids) i
  WHERE (t.queue, t.collector_id) IS DISTINCT FROM (o.queue, o.collector_id);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_tasks_updated AFTER UPDATE ON collector_tasks
  REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_changed_tasks();

-- Folds up to p_limit logged task changes into the facts: -1 when another replica is at it. An invoice
-- a writer holds is left for the next run (never waits, so it cannot deadlock with the writers).
CREATE FUNCTION compact_recovery_task_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  taken bigint[];
  held text[];
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext(current_schema() || ':recovery-task-changes')) THEN
    RETURN -1;
  END IF;
  taken := ARRAY(SELECT change_id FROM recovery_task_changes ORDER BY change_id LIMIT p_limit);
  held := ARRAY(SELECT f.invoice_id FROM recovery_facts f
                WHERE f.invoice_id IN (SELECT invoice_id FROM recovery_task_changes WHERE change_id = ANY(taken))
                ORDER BY f.invoice_id FOR UPDATE SKIP LOCKED);
  PERFORM recovery_facts_fill(held, ARRAY['tasks']);
  DELETE FROM recovery_task_changes c WHERE c.change_id = ANY(taken)
    AND (c.invoice_id IN (SELECT unnest(held))
         OR NOT EXISTS (SELECT 1 FROM recovery_facts f WHERE f.invoice_id = c.invoice_id));
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved;
END $$;

-- Steps: done ones inserted, and those whose status, instant or level changed.
CREATE FUNCTION recovery_facts_of_new_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recovery_facts_fill(ARRAY(SELECT DISTINCT invoice_id FROM new_steps WHERE status = 'done'),
                              ARRAY['levels']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_steps_inserted AFTER INSERT ON dunning_steps
  REFERENCING NEW TABLE AS new_steps FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_new_steps();

CREATE FUNCTION recovery_facts_of_changed_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recovery_facts_fill(ARRAY(
    SELECT DISTINCT s.invoice_id FROM new_steps s JOIN old_steps o ON o.step_id = s.step_id
    WHERE (s.status = 'done' OR o.status = 'done')
      AND (s.status, s.executed_at, s.notice_level) IS DISTINCT FROM (o.status, o.executed_at, o.notice_level)),
    ARRAY['levels']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_steps_updated AFTER UPDATE ON dunning_steps
  REFERENCING OLD TABLE AS old_steps NEW TABLE AS new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_changed_steps();

CREATE FUNCTION recovery_facts_of_notices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recovery_facts_fill(ARRAY(
    SELECT DISTINCT invoice_id FROM new_notices WHERE action IN ('email', 'sms', 'letter')), ARRAY['notices']);
  RETURN NULL;
END $$;
CREATE TRIGGER recovery_facts_notices AFTER INSERT ON step_action_invoices
  REFERENCING NEW TABLE AS new_notices FOR EACH STATEMENT EXECUTE FUNCTION recovery_facts_of_notices();

-- Notices on several invoices, found by period: the report joins just these to its invoices.
CREATE INDEX step_actions_shared_notices_idx ON step_actions (requested_at)
  WHERE cardinality(invoice_ids) > 1 AND action IN ('email', 'sms', 'letter');

-- Every case (and movement before its case) stored so far.
INSERT INTO recovery_facts (invoice_id, currency, amount_minor, overdue_at, closed_at)
SELECT invoice_id, currency, amount_minor, overdue_at,
       CASE WHEN status = 'closed' THEN COALESCE(closed_at, '-infinity') END
FROM dunning_cases;
INSERT INTO recovery_facts (invoice_id, currency, amount_minor)
SELECT DISTINCT ON (invoice_id) invoice_id, currency, 0 FROM balance_movements
ON CONFLICT (invoice_id) DO NOTHING;
SELECT recovery_facts_fill(ARRAY(SELECT invoice_id FROM recovery_facts),
                           ARRAY['moved', 'tasks', 'levels', 'notices']);
