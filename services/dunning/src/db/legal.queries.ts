import type pg from 'pg';
import { type ClosedTask, TASK_COLUMNS, type TaskRow } from './tasks.queries.ts';

type Db = pg.Pool | pg.PoolClient;

/** Hands the case to legal (since set) or takes it back (null). */
export async function setCaseLegal(
  tx: pg.PoolClient,
  invoiceId: string,
  legal: { since: Date; reason: string } | null,
): Promise<void> {
  await tx.query({
    text: 'UPDATE dunning_cases SET legal_since = $2, legal_reason = $3 WHERE invoice_id = $1',
    values: [invoiceId, legal?.since ?? null, legal?.reason ?? null],
  });
}

/** Of these customers, those with an open case in legal (one statement for a whole wave of facts). */
export async function customersInLegal(db: Db, customerIds: string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const result = await db.query<{ customer_id: string }>({
    text: `SELECT DISTINCT customer_id FROM dunning_cases
           WHERE customer_id = ANY($1::text[]) AND legal_since IS NOT NULL AND status <> 'closed'`,
    values: [customerIds],
  });
  return new Set(result.rows.map((row) => row.customer_id));
}

/** The customer's open cases in legal, in invoice order. */
export async function legalCasesOfCustomer(db: Db, customerId: string): Promise<string[]> {
  const result = await db.query<{ invoice_id: string }>({
    text: `SELECT invoice_id FROM dunning_cases
           WHERE customer_id = $1 AND legal_since IS NOT NULL AND status <> 'closed' ORDER BY invoice_id`,
    values: [customerId],
  });
  return result.rows.map((row) => row.invoice_id);
}

/** The unfinished collectors' tasks on the invoice go to the legal queue. */
export async function moveTasksToLegal(tx: pg.PoolClient, invoiceId: string): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `UPDATE collector_tasks t SET queue = 'legal'
           WHERE t.status IN ('open', 'claimed') AND t.queue = 'collections' AND $1 = ANY(t.invoice_ids)
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [invoiceId],
  });
  return result.rows;
}

/** Closes the unfinished legal tasks on the invoice (the case was taken back from legal). */
export async function closeLegalTasks(tx: pg.PoolClient, invoiceId: string, at: Date): Promise<ClosedTask[]> {
  const result = await tx.query<ClosedTask>({
    text: `UPDATE collector_tasks t SET status = 'closed', close_reason = 'legal-withdrawn', closed_at = $2
           WHERE t.status IN ('open', 'claimed') AND t.queue = 'legal' AND $1 = ANY(t.invoice_ids)
           RETURNING t.task_id, t.collector_id, t.invoice_ids`,
    values: [invoiceId, at],
  });
  return result.rows;
}

export interface NewLegalTask {
  taskId: string;
  customerId: string;
  invoiceIds: string[];
  currency: string;
  amountMinor: bigint;
  posting: Record<string, unknown>;
  createdAt: Date;
}

/** A legal task for a posting; its id is the posting's, so a redelivered posting adds nothing (false). */
export async function insertLegalTask(tx: pg.PoolClient, task: NewLegalTask): Promise<boolean> {
  const result = await tx.query({
    text: `INSERT INTO collector_tasks (task_id, customer_id, kind, step_id, step_name, invoice_ids, currency,
             amount_minor, priority, base_priority, collector_id, created_at, queue, posting)
           VALUES ($1, $2, 'legal-review', $3, 'posting', $4, $5, $6, 0, 0, NULL, $7, 'legal', $8)
           ON CONFLICT (task_id) DO NOTHING`,
    values: [
      task.taskId,
      task.customerId,
      task.taskId,
      task.invoiceIds,
      task.currency,
      task.amountMinor,
      task.createdAt,
      JSON.stringify(task.posting),
    ],
  });
  return result.rowCount === 1;
}

export interface LegalQueueFilter {
  includeDone: boolean;
  customerId?: string | undefined;
  /** Only customers of this collector: their portfolio, or a task they had on the customer. */
  collectorId?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of the legal queue, oldest first (unfinished only unless includeDone), with the total. */
export async function legalTasks(
  db: Db,
  filter: LegalQueueFilter,
): Promise<{ rows: TaskRow[]; total: number }> {
  const result = await db.query<TaskRow & { total: string }>({
    text: `SELECT ${TASK_COLUMNS}, count(*) OVER () AS total FROM collector_tasks t
           WHERE queue = 'legal' AND ($1 OR status IN ('open', 'claimed')) AND ($2::text IS NULL OR customer_id = $2)
             AND ($3::text IS NULL OR t.collector_id = $3
               OR EXISTS (SELECT 1 FROM collectors c WHERE c.collector_id = $3 AND t.customer_id = ANY(c.portfolio))
               OR EXISTS (SELECT 1 FROM collector_tasks o WHERE o.collector_id = $3 AND o.customer_id = t.customer_id))
           ORDER BY status IN ('done', 'closed'), created_at, task_id LIMIT $4 OFFSET $5`,
    values: [
      filter.includeDone,
      filter.customerId ?? null,
      filter.collectorId ?? null,
      filter.limit,
      filter.offset,
    ],
  });
  return { rows: result.rows, total: Number(result.rows[0]?.total ?? 0) };
}
