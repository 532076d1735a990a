import {
  DUNNING_PROMISE_RECORDED,
  DUNNING_TASK_OUTCOME_RECORDED,
  instantOfLocal,
  moneyProblem,
  type OverdueReason,
  toMinorUnits,
} from '@dunning/contracts';
import { HttpProblem } from '@dunning/service-runtime';
import type pg from 'pg';
import { findCase } from '../db/cases.queries.ts';
import { findCustomer } from '../db/customers.queries.ts';
import { insertPromise } from '../db/promises.queries.ts';
import { notifyTaskChange } from '../db/task-feed.queries.ts';
import { lockTask, markClaimed, markDone, type TaskRow } from '../db/tasks.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { promiseCheckAt } from '../domain/promise-deadline.ts';
import { type CommandContext, publish } from './command-context.ts';
import { endTasksCoveredByPromise } from './end-tasks.ts';
import { pauseCase } from './pause-case.ts';

export type TaskOutcome =
  | {
      outcome: 'promise-to-pay';
      promise: { date: string; amount: string };
      overdueReason?: OverdueReason;
      note?: string;
    }
  | { outcome: 'dispute'; dispute: { reason: string }; overdueReason?: OverdueReason; note?: string }
  | { outcome: 'paid' | 'no-answer' | 'wrong-contact'; overdueReason?: OverdueReason; note?: string };

async function lockOrFail(tx: pg.PoolClient, taskId: string): Promise<TaskRow> {
  const task = await lockTask(tx, taskId);
  if (!task) throw new HttpProblem({ status: 404, detail: `no task ${taskId}` });
  return task;
}

export async function claimTask(
  tx: pg.PoolClient,
  context: CommandContext,
  taskId: string,
  collectorId: string,
  by: string,
): Promise<TaskRow> {
  const task = await lockOrFail(tx, taskId);
  if (task.status === 'done') throw new HttpProblem({ status: 409, detail: 'the task is done' });
  if (task.status === 'closed')
    throw new HttpProblem({ status: 409, detail: `the task is closed: ${task.close_reason}` });
  if (task.status === 'claimed' && task.collector_id !== collectorId) {
    throw new HttpProblem({ status: 409, detail: `the task is claimed by ${task.collector_id}` });
  }
  const at = context.now();
  await markClaimed(tx, taskId, collectorId, at, by);
  for (const id of new Set([task.collector_id, collectorId]))
    if (id) await notifyTaskChange(tx, context.config.DB_SCHEMA, id);
  return { ...task, status: 'claimed', collector_id: collectorId, claimed_at: at, claimed_by: by };
}

/**
 * Records what the collector achieved, with the overdue reason as data, and publishes
 * `dunning.task.outcome-recorded` with it. A promise to pay pauses the task's invoices until the
 * promised date plus grace; a dispute is only noted (the ledger opens disputes; its event pauses dunning).
 */
export async function recordTaskOutcome(
  tx: pg.PoolClient,
  context: CommandContext,
  taskId: string,
  body: TaskOutcome,
  by: string,
): Promise<{ promiseId?: string }> {
  const task = await lockOrFail(tx, taskId);
  if (task.status === 'done')
    throw new HttpProblem({ status: 409, detail: 'the task already has an outcome' });
  if (task.status === 'closed')
    throw new HttpProblem({ status: 409, detail: `the task is closed: ${task.close_reason}` });
  if (task.status !== 'claimed' || !task.collector_id)
    throw new HttpProblem({ status: 409, detail: 'claim the task first' });
  const now = context.now();
  await markDone(tx, taskId, body, now, by);
  await notifyTaskChange(tx, context.config.DB_SCHEMA, task.collector_id);
  let promiseId: string | undefined;
  if (body.outcome === 'promise-to-pay') {
    // The amount is read in the task's currency: it must fit its decimals and a bigint, like any amount.
    const problem = moneyProblem(body.promise.amount, task.currency, 'positive');
    if (problem !== undefined) throw new HttpProblem({ status: 400, detail: `promise.amount: ${problem}` });
    const amountMinor = toMinorUnits(body.promise.amount, task.currency);
    const customer = await findCustomer(tx, task.customer_id);
    const [y, m, d] = body.promise.date.split('-').map(Number) as [number, number, number];
    const checkAt = promiseCheckAt(
      body.promise.date,
      now.getTime(),
      context.config.DAY_MS,
      context.config.PROMISE_GRACE_DAYS,
      () => instantOfLocal(y, m, d + 1, 0, customer.time_zone),
    );
    promiseId = `promise.${taskId}`;
    await insertPromise(tx, {
      promiseId,
      customerId: task.customer_id,
      taskId,
      collectorId: task.collector_id,
      invoiceIds: task.invoice_ids,
      promisedDate: body.promise.date,
      currency: task.currency,
      amountMinor,
      checkAt: new Date(checkAt),
      recordedAt: now,
      recordedBy: by,
    });
    await endTasksCoveredByPromise(tx, context, task.invoice_ids, taskId);
    for (const invoiceId of task.invoice_ids) {
      if (!(await findCase(tx, invoiceId))) continue;
      await pauseCase(tx, context, invoiceId, { promise: promiseId });
      await addTimeline(tx, [
        { invoiceId, at: now, kind: 'promise-recorded', detail: { promiseId, ...body.promise, by } },
      ]);
    }
    await publish(
      tx,
      context,
      DUNNING_PROMISE_RECORDED,
      task.customer_id,
      {
        promiseId,
        customerId: task.customer_id,
        invoiceIds: task.invoice_ids,
        promisedDate: body.promise.date,
        amount: body.promise.amount,
        currency: task.currency,
        collectorId: task.collector_id,
        recordedAt: now.toISOString(),
      },
      { id: `promise-recorded.${promiseId}` },
    );
  }
  // Published last: the outbox locks the customer's key until commit, and a step run or a re-plan
  // locks a case before it publishes, so locking cases after the key would deadlock with them.
  // A task has one outcome (a second is refused above), so its id makes the event's.
  await publish(
    tx,
    context,
    DUNNING_TASK_OUTCOME_RECORDED,
    task.customer_id,
    {
      taskId,
      customerId: task.customer_id,
      invoiceIds: task.invoice_ids,
      collectorId: task.collector_id,
      outcome: body.outcome,
      overdueReason: body.overdueReason ?? null,
      actor: by,
      recordedAt: now.toISOString(),
    },
    { id: `task-outcome.${taskId}` },
  );
  return promiseId ? { promiseId } : {};
}
