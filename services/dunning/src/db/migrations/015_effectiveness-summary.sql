-- Up Migration
-- The effectiveness report (per policy, step, action and currency: invoices dunned, and how many and how
-- much of them were paid within 7/14/30 days after the action) kept as totals, so the report reads a few
-- dozen rows instead of joining every action's invoices to their cases (seconds at a million invoices).
-- "Days" are DAY_MS long: the summary is built for one DAY_MS, the service's (it rebuilds on start for
-- another). Triggers write what each statement changes to an append-only log (no shared row is updated,
-- so step runs never wait on each other here); a periodic job folds the log into the totals.
CREATE TABLE effectiveness_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  day_ms bigint NOT NULL
);
INSERT INTO effectiveness_settings (day_ms) VALUES (0);

CREATE TABLE effectiveness_changes (
  change_id bigserial PRIMARY KEY,
  policy_id text NOT NULL,
  step_name text NOT NULL,
  action text NOT NULL,
  currency char(3) NOT NULL,
  dunned bigint NOT NULL,
  paid7 bigint NOT NULL,
  paid14 bigint NOT NULL,
  paid30 bigint NOT NULL,
  amount7 numeric NOT NULL,
  amount14 numeric NOT NULL,
  amount30 numeric NOT NULL
);

CREATE TABLE effectiveness_totals (
  policy_id text NOT NULL,
  step_name text NOT NULL,
  action text NOT NULL,
  currency char(3) NOT NULL,
  dunned bigint NOT NULL,
  paid7 bigint NOT NULL,
  paid14 bigint NOT NULL,
  paid30 bigint NOT NULL,
  amount7 numeric NOT NULL,
  amount14 numeric NOT NULL,
  amount30 numeric NOT NULL,
  PRIMARY KEY (policy_id, step_name, action, currency)
);

-- Whether a case's payment (a payment or a credit note closed it) came within `days` days of an action.
CREATE FUNCTION effectiveness_paid_within(p_close_reason text, p_closed_at timestamptz, p_requested_at timestamptz,
                                          p_days int, p_day_ms bigint)
RETURNS int LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_close_reason IN ('paid', 'credited')
                   AND p_closed_at <= p_requested_at + p_days * p_day_ms * interval '1 millisecond'
              THEN 1 ELSE 0 END
$$;

-- New actions (their invoices' rows, one statement's worth), counted against their cases as they stand. A
-- step run holds its cases' rows (FOR UPDATE) while it writes its actions, and closing a case updates
-- its row: so the one of the two that commits second sees the other's work, and nothing is missed.
CREATE FUNCTION summarize_new_action_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  day_ms bigint := (SELECT s.day_ms FROM effectiveness_settings s);
BEGIN
  INSERT INTO effectiveness_changes (policy_id, step_name, action, currency, dunned, paid7, paid14, paid30,
                                     amount7, amount14, amount30)
  SELECT policy_id, step_name, action, currency, count(*), sum(p7), sum(p14), sum(p30),
         sum(p7 * amount_minor), sum(p14 * amount_minor), sum(p30 * amount_minor)
  FROM (
    SELECT a.policy_id, a.step_name, a.action, c.currency, c.amount_minor,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 7, day_ms) AS p7,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 14, day_ms) AS p14,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 30, day_ms) AS p30
    FROM inserted s
    JOIN step_actions a ON a.action_id = s.action_id
    JOIN dunning_cases c ON c.invoice_id = s.invoice_id
  ) rows
  GROUP BY policy_id, step_name, action, currency;
  RETURN NULL;
END $$;
CREATE TRIGGER step_action_invoices_effectiveness AFTER INSERT ON step_action_invoices
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION summarize_new_action_invoices();

-- A case closed as paid (or reopened, or its amount changed): its actions are counted again, the state
-- before taken back and the state after added.
CREATE FUNCTION summarize_case_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  day_ms bigint := (SELECT s.day_ms FROM effectiveness_settings s);
BEGIN
  INSERT INTO effectiveness_changes (policy_id, step_name, action, currency, dunned, paid7, paid14, paid30,
                                     amount7, amount14, amount30)
  SELECT policy_id, step_name, action, currency, sum(sign), sum(sign * p7), sum(sign * p14), sum(sign * p30),
         sum(sign * p7 * amount_minor), sum(sign * p14 * amount_minor), sum(sign * p30 * amount_minor)
  FROM (
    SELECT a.policy_id, a.step_name, a.action, c.currency, c.amount_minor, c.sign,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 7, day_ms) AS p7,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 14, day_ms) AS p14,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 30, day_ms) AS p30
    FROM step_action_invoices s
    JOIN step_actions a ON a.action_id = s.action_id
    CROSS JOIN (VALUES (OLD.currency, OLD.amount_minor, OLD.close_reason, OLD.closed_at, -1),
                       (NEW.currency, NEW.amount_minor, NEW.close_reason, NEW.closed_at, 1))
      AS c (currency, amount_minor, close_reason, closed_at, sign)
    WHERE s.invoice_id = NEW.invoice_id
  ) rows
  GROUP BY policy_id, step_name, action, currency
  HAVING sum(sign) <> 0 OR sum(sign * p7) <> 0 OR sum(sign * p14) <> 0 OR sum(sign * p30) <> 0
      OR sum(sign * p7 * amount_minor) <> 0 OR sum(sign * p14 * amount_minor) <> 0 OR sum(sign * p30 * amount_minor) <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER dunning_cases_effectiveness AFTER UPDATE ON dunning_cases FOR EACH ROW
  WHEN (OLD.close_reason IS DISTINCT FROM NEW.close_reason OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
        OR OLD.amount_minor <> NEW.amount_minor OR OLD.currency <> NEW.currency)
  EXECUTE FUNCTION summarize_case_change();

-- Moves up to p_limit logged changes into the totals; -1 when another replica is compacting.
CREATE FUNCTION compact_effectiveness_changes(p_limit int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext(current_schema() || ':effectiveness-summary')) THEN
    RETURN -1;
  END IF;
  WITH taken AS (
    DELETE FROM effectiveness_changes
    WHERE change_id IN (SELECT change_id FROM effectiveness_changes ORDER BY change_id LIMIT p_limit)
    RETURNING *
  ),
  per_key AS (
    SELECT policy_id, step_name, action, currency, sum(dunned) AS dunned, sum(paid7) AS paid7,
           sum(paid14) AS paid14, sum(paid30) AS paid30, sum(amount7) AS amount7, sum(amount14) AS amount14,
           sum(amount30) AS amount30, count(*) AS changes
    FROM taken GROUP BY policy_id, step_name, action, currency
  ),
  into_totals AS (
    INSERT INTO effectiveness_totals AS t (policy_id, step_name, action, currency, dunned, paid7, paid14, paid30,
                                           amount7, amount14, amount30)
    SELECT policy_id, step_name, action, currency, dunned, paid7, paid14, paid30, amount7, amount14, amount30
    FROM per_key
    ON CONFLICT (policy_id, step_name, action, currency) DO UPDATE
      SET dunned = t.dunned + excluded.dunned, paid7 = t.paid7 + excluded.paid7,
          paid14 = t.paid14 + excluded.paid14, paid30 = t.paid30 + excluded.paid30,
          amount7 = t.amount7 + excluded.amount7, amount14 = t.amount14 + excluded.amount14,
          amount30 = t.amount30 + excluded.amount30
  )
  SELECT coalesce(sum(changes), 0) INTO moved FROM per_key;
  RETURN moved;
END $$;

-- Builds the totals afresh for a DAY_MS, set-based. Actions and case changes wait meanwhile (SHARE locks
-- their tables), so nothing is missed or counted twice; a second caller finds it set and returns.
CREATE FUNCTION rebuild_effectiveness_summary(p_day_ms bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT day_ms FROM effectiveness_settings) = p_day_ms THEN
    RETURN false;
  END IF;
  LOCK TABLE step_action_invoices, dunning_cases IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext(current_schema() || ':effectiveness-summary'));
  IF (SELECT day_ms FROM effectiveness_settings) = p_day_ms THEN
    RETURN false;
  END IF;
  TRUNCATE effectiveness_changes, effectiveness_totals;
  INSERT INTO effectiveness_totals (policy_id, step_name, action, currency, dunned, paid7, paid14, paid30,
                                    amount7, amount14, amount30)
  SELECT policy_id, step_name, action, currency, count(*), sum(p7), sum(p14), sum(p30),
         sum(p7 * amount_minor), sum(p14 * amount_minor), sum(p30 * amount_minor)
  FROM (
    SELECT a.policy_id, a.step_name, a.action, c.currency, c.amount_minor,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 7, p_day_ms) AS p7,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 14, p_day_ms) AS p14,
           effectiveness_paid_within(c.close_reason, c.closed_at, a.requested_at, 30, p_day_ms) AS p30
    FROM step_action_invoices s
    JOIN step_actions a ON a.action_id = s.action_id
    JOIN dunning_cases c ON c.invoice_id = s.invoice_id
  ) rows
  GROUP BY policy_id, step_name, action, currency;
  UPDATE effectiveness_settings SET day_ms = p_day_ms;
  RETURN true;
END $$;

-- What is stored so far, in days of 24 hours (the service rebuilds on start for another DAY_MS).
SELECT rebuild_effectiveness_summary(86400000);
