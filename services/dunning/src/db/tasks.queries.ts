import type pg from 'pg';

type Db = pg.Pool | pg.PoolClient;

export type TaskStatus = 'open' | 'claimed' | 'done' | 'closed';

/**
 * Why a task ended without an outcome: its invoices settled, one was disputed, a promise covers them,
 * a block, a withdrawal from legal, or (an alert-review task) the alert was resolved.
 */
export type TaskCloseReason =
  | 'settled'
  | 'disputed'
  | 'promised'
  | 'blocked'
  | 'legal-withdrawn'
  | 'alert-resolved';

/** The collectors' queue, or legal's (cases handed to legal, and postings on their customers). */
export type TaskQueue = 'collections' | 'legal';

export interface NewTask {
  taskId: string;
  customerId: string;
  kind: string;
  stepId: string;
  stepName: string;
  invoiceIds: string[];
  currency: string;
  amountMinor: bigint;
  priority: number;
  collectorId: string | null;
  createdAt: Date;
}

/** Inserts the tasks whose ids are new; returns how many were. */
export async function insertTasks(tx: pg.PoolClient, tasks: NewTask[]): Promise<number> {
  if (tasks.length === 0) return 0;
  const result = await tx.query({
    text: `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
             amount_minor, priority, base_priority, collector_id, created_at, assigned_at)
           SELECT t.task_id, t.customer_id, t.kind, t.step_id, t.step_name, array(SELECT jsonb_array_elements_text(t.invoice_ids)),
             t.currency, t.amount_minor, t.priority, t.priority, t.collector_id, t.created_at,
             CASE WHEN t.collector_id IS NULL THEN NULL ELSE t.created_at END
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::numeric[],
             $9::float8[], $10::text[], $11::timestamptz[])
             AS t (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency, amount_minor, priority,
               collector_id, created_at)
           ON CONFLICT (task_id) DO NOTHING`,
    values: [
      tasks.map((t) => t.taskId),
      tasks.map((t) => t.customerId),
      tasks.map((t) => t.kind),
      tasks.map((t) => t.stepId),
      tasks.map((t) => t.stepName),
      // Arrays of arrays must be rectangular in PostgreSQL; one JSON array per task is not.
      tasks.map((t) => JSON.stringify(t.invoiceIds)),
      tasks.map((t) => t.currency),
      tasks.map((t) => t.amountMinor),
      tasks.map((t) => t.priority),
      tasks.map((t) => t.collectorId),
      tasks.map((t) => t.createdAt),
    ],
  });
  return result.rowCount ?? 0;
}

/** The currency of the customer's newest case (a task's amount is in one), else `fallback`. */
export async function customerCurrency(
  tx: pg.PoolClient,
  customerId: string,
  fallback: string,
): Promise<string> {
  const result = await tx.query<{ currency: string }>({
    text: 'SELECT currency FROM dunning_cases WHERE customer_id = $1 ORDER BY opened_at DESC LIMIT 1',
    values: [customerId],
  });
  return result.rows[0]?.currency ?? fallback;
}

/** Closes an unfinished task by id (an alert-review task whose alert was resolved). */
export async function closeAlertReviewTask(
  tx: pg.PoolClient,
  taskId: string,
  at: Date,
): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `UPDATE collector_tasks t SET status = 'closed', close_reason = 'alert-resolved', closed_at = $2
           WHERE t.task_id = $1 AND t.status IN ('open', 'claimed')
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [taskId, at],
  });
  return result.rows;
}

export interface TaskRow {
  task_id: string;
  customer_id: string;
  kind: string;
  step_name: string;
  invoice_ids: string[];
  currency: string;
  /** A sum: numeric in PostgreSQL, read as text. */
  amount_minor: string;
  priority: number;
  base_priority: number;
  collector_id: string | null;
  status: TaskStatus;
  close_reason: TaskCloseReason | null;
  closed_at: Date | null;
  escalations: number;
  created_at: Date;
  assigned_at: Date | null;
  claimed_at: Date | null;
  outcome: Record<string, unknown> | null;
  queue: TaskQueue;
  /** What was posted on the customer, for a legal task raised by a posting. */
  posting: Record<string, unknown> | null;
  /** Who claimed it and who recorded its outcome (`actorOf`: a key's name or `console:<user>`). */
  claimed_by: string | null;
  outcome_by: string | null;
}

export const TASK_COLUMNS = `task_id, customer_id, kind, step_name, invoice_ids, currency, amount_minor::text AS amount_minor, priority,
  base_priority, collector_id, status, close_reason, closed_at, escalations, created_at, assigned_at, claimed_at, outcome,
  queue, posting, claimed_by, outcome_by`;

export async function tasksOfCollector(
  db: Db,
  collectorId: string,
  includeDone: boolean,
): Promise<TaskRow[]> {
  const result = await db.query<TaskRow>({
    text: `SELECT ${TASK_COLUMNS} FROM collector_tasks
           WHERE collector_id = $1 AND queue = 'collections' AND ($2 OR status IN ('open', 'claimed'))
           ORDER BY status IN ('done', 'closed'), priority DESC, created_at, task_id LIMIT 500`,
    values: [collectorId, includeDone],
  });
  return result.rows;
}

export async function lockTask(tx: pg.PoolClient, taskId: string): Promise<TaskRow | undefined> {
  const result = await tx.query<TaskRow>({
    text: `SELECT ${TASK_COLUMNS} FROM collector_tasks WHERE task_id = $1 FOR UPDATE`,
    values: [taskId],
  });
  return result.rows[0];
}

export async function markClaimed(
  tx: pg.PoolClient,
  taskId: string,
  collectorId: string,
  at: Date,
  by: string,
): Promise<void> {
  await tx.query({
    text: `UPDATE collector_tasks SET status = 'claimed', claimed_at = $3, collector_id = $2,
             assigned_at = COALESCE(assigned_at, $3), claimed_by = $4 WHERE task_id = $1`,
    values: [taskId, collectorId, at, by],
  });
}

export async function markDone(
  tx: pg.PoolClient,
  taskId: string,
  outcome: { overdueReason?: string | undefined },
  at: Date,
  by: string,
): Promise<void> {
  await tx.query({
    text: `UPDATE collector_tasks SET status = 'done', outcome = $2, done_at = $3, outcome_by = $4, overdue_reason = $5
           WHERE task_id = $1`,
    values: [taskId, JSON.stringify(outcome), at, by, outcome.overdueReason ?? null],
  });
}

/** Open tasks assigned before `before` (or never assigned) that nobody claimed: past the SLA. */
export async function unclaimedPastSla(tx: pg.PoolClient, before: Date, limit: number): Promise<TaskRow[]> {
  const result = await tx.query<TaskRow>({
    text: `SELECT ${TASK_COLUMNS} FROM collector_tasks
           WHERE status = 'open' AND queue = 'collections' AND COALESCE(assigned_at, created_at) <= $1
           ORDER BY priority DESC LIMIT $2 FOR UPDATE SKIP LOCKED`,
    values: [before, limit],
  });
  return result.rows;
}

export async function reassignTask(
  tx: pg.PoolClient,
  taskId: string,
  collectorId: string | null,
  priority: number,
  at: Date,
): Promise<void> {
  await tx.query({
    text: `UPDATE collector_tasks SET collector_id = $2, priority = $3, assigned_at = $4, escalations = escalations + 1
           WHERE task_id = $1`,
    values: [taskId, collectorId, priority, at],
  });
}

export interface ClosedTask {
  task_id: string;
  collector_id: string | null;
  invoice_ids: string[];
}

const CLOSE = `UPDATE collector_tasks t SET status = 'closed', close_reason = $2, closed_at = $3`;
const UNFINISHED = `t.status IN ('open', 'claimed')`;

/** Unfinished tasks on the invoice whose invoices' cases are all closed (or never opened). */
export async function closeTasksOfSettledInvoice(
  tx: pg.PoolClient,
  invoiceId: string,
  at: Date,
): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `${CLOSE}
           WHERE ${UNFINISHED} AND $1 = ANY(t.invoice_ids)
             AND NOT EXISTS (SELECT 1 FROM dunning_cases c WHERE c.invoice_id = ANY(t.invoice_ids) AND c.status <> 'closed')
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [invoiceId, 'settled', at],
  });
  return result.rows;
}

/**
 * Unfinished collectors' tasks with any of these invoices (a dispute on one of them is the customer's
 * answer); legal's stay: the dispute is news for legal, not the end of its work.
 */
export async function closeTasksTouching(
  tx: pg.PoolClient,
  invoiceIds: readonly string[],
  reason: TaskCloseReason,
  at: Date,
): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `${CLOSE} WHERE ${UNFINISHED} AND t.queue = 'collections' AND t.invoice_ids && $1::text[]
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [invoiceIds, reason, at],
  });
  return result.rows;
}

/** Unfinished collectors' tasks (other than `exceptTaskId`) whose invoices are all among these. */
export async function closeTasksCoveredBy(
  tx: pg.PoolClient,
  invoiceIds: readonly string[],
  reason: TaskCloseReason,
  at: Date,
  exceptTaskId: string,
): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `${CLOSE} WHERE ${UNFINISHED} AND t.queue = 'collections' AND t.invoice_ids <@ $1::text[] AND t.task_id <> $4
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [invoiceIds, reason, at, exceptTaskId],
  });
  return result.rows;
}

/** Unfinished tasks of the customer (a customer block stops every call). */
export async function closeTasksOfCustomer(
  tx: pg.PoolClient,
  customerId: string,
  reason: TaskCloseReason,
  at: Date,
): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `${CLOSE} WHERE ${UNFINISHED} AND t.customer_id = $1
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [customerId, reason, at],
  });
  return result.rows;
}
