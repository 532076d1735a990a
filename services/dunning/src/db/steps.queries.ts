import type pg from 'pg';
import type { PolicyStep } from '../domain/policy.ts';
import { notBlockedSql } from './blocks.queries.ts';

type Db = pg.Pool | pg.PoolClient;

export type StepStatus = 'scheduled' | 'done' | 'cancelled' | 'skipped';

export interface NewStep {
  stepId: string;
  invoiceId: string;
  customerId: string;
  policyId: string;
  policyVersion: number;
  level: number;
  name: string;
  offsetDays: number;
  definition: PolicyStep;
  dueAt: Date;
  runAt: Date;
}

export async function insertSteps(tx: pg.PoolClient, steps: NewStep[]): Promise<void> {
  if (steps.length === 0) return;
  await tx.query({
    text: `INSERT INTO dunning_steps (step_id, invoice_id, customer_id, policy_id, policy_version, level, name,
             offset_days, definition, due_at, run_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[],
             $8::int[], $9::jsonb[], $10::timestamptz[], $11::timestamptz[])`,
    values: [
      steps.map((s) => s.stepId),
      steps.map((s) => s.invoiceId),
      steps.map((s) => s.customerId),
      steps.map((s) => s.policyId),
      steps.map((s) => s.policyVersion),
      steps.map((s) => s.level),
      steps.map((s) => s.name),
      steps.map((s) => s.offsetDays),
      steps.map((s) => JSON.stringify(s.definition)),
      steps.map((s) => s.dueAt),
      steps.map((s) => s.runAt),
    ],
  });
}

export interface StepRow {
  step_id: string;
  invoice_id: string;
  customer_id: string;
  policy_id: string;
  policy_version: number;
  level: number;
  name: string;
  offset_days: number;
  definition: PolicyStep;
  due_at: Date;
  run_at: Date;
  status: StepStatus;
  executed_at: Date | null;
  status_reason: string | null;
  notice_step_id: string | null;
}

export const STEP_COLUMNS = `step_id, invoice_id, customer_id, policy_id, policy_version, level, name, offset_days,
  definition, due_at, run_at, status, executed_at, status_reason, notice_step_id`;

/** The steps of these cases, each case's by due time (then creation and level). */
export async function listStepsOfCases(db: Db, invoiceIds: readonly string[]): Promise<StepRow[]> {
  const result = await db.query<StepRow>({
    text: `SELECT ${STEP_COLUMNS} FROM dunning_steps WHERE invoice_id = ANY($1::text[])
           ORDER BY invoice_id, due_at, created_at, level`,
    values: [invoiceIds],
  });
  return result.rows;
}

export async function scheduledStepsOfCase(tx: pg.PoolClient, invoiceId: string): Promise<StepRow[]> {
  const result = await tx.query<StepRow>({
    text: `SELECT ${STEP_COLUMNS} FROM dunning_steps WHERE invoice_id = $1 AND status = 'scheduled' ORDER BY level`,
    values: [invoiceId],
  });
  return result.rows;
}

/** Ends scheduled steps without running them (skipped or cancelled), with the reason. */
export async function finishStepsUnrun(
  tx: pg.PoolClient,
  stepIds: string[],
  status: 'skipped' | 'cancelled',
  reason: string,
): Promise<string[]> {
  if (stepIds.length === 0) return [];
  const result = await tx.query<{ step_id: string }>({
    text: `UPDATE dunning_steps SET status = $2, status_reason = $3
           WHERE step_id = ANY($1::text[]) AND status = 'scheduled' RETURNING step_id`,
    values: [stepIds, status, reason],
  });
  return result.rows.map((row) => row.step_id);
}

export async function moveStep(tx: pg.PoolClient, stepId: string, dueAt: Date, runAt: Date): Promise<void> {
  await tx.query({
    text: `UPDATE dunning_steps SET due_at = $2, run_at = $3, enqueued_at = NULL
           WHERE step_id = $1 AND status = 'scheduled'`,
    values: [stepId, dueAt, runAt],
  });
}

/** Scheduled steps of these cases, in ladder order per case. */
export async function scheduledStepsOfCases(tx: pg.PoolClient, invoiceIds: string[]): Promise<StepRow[]> {
  if (invoiceIds.length === 0) return [];
  const result = await tx.query<StepRow>({
    text: `SELECT ${STEP_COLUMNS} FROM dunning_steps WHERE invoice_id = ANY($1::text[]) AND status = 'scheduled'
           ORDER BY invoice_id, level, due_at`,
    values: [invoiceIds],
  });
  return result.rows;
}

/** Moves scheduled steps (their timers are armed again by the horizon pump). */
export async function moveSteps(
  tx: pg.PoolClient,
  moves: { stepId: string; dueAt: Date; runAt: Date }[],
): Promise<void> {
  if (moves.length === 0) return;
  await tx.query({
    text: `UPDATE dunning_steps s SET due_at = x.due_at, run_at = x.run_at, enqueued_at = NULL
           FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS x (step_id, due_at, run_at)
           WHERE s.step_id = x.step_id AND s.status = 'scheduled'`,
    values: [moves.map((m) => m.stepId), moves.map((m) => m.dueAt), moves.map((m) => m.runAt)],
  });
}

export interface TimerRow {
  step_id: string;
  run_at: Date;
}

/** Steps due within the horizon whose timer is not in Redis yet, on active cases not in legal. */
export async function stepsToPump(db: Db, until: Date, limit: number): Promise<TimerRow[]> {
  const result = await db.query<TimerRow>({
    text: `SELECT s.step_id, s.run_at FROM dunning_steps s JOIN dunning_cases c ON c.invoice_id = s.invoice_id
           WHERE s.status = 'scheduled' AND s.enqueued_at IS NULL AND s.run_at <= $1 AND c.status = 'active'
             AND c.legal_since IS NULL
           ORDER BY s.run_at LIMIT $2`,
    values: [until, limit],
  });
  return result.rows;
}

/**
 * Forgets which scheduled steps have a timer, so the pump arms them all again: for when Redis lost the
 * timer queue (flushed, failed over to an empty node, or the queue's key prefix changed with an upgrade).
 */
export async function forgetEnqueued(db: Db): Promise<number> {
  const result = await db.query({
    text: "UPDATE dunning_steps SET enqueued_at = NULL WHERE status = 'scheduled' AND enqueued_at IS NOT NULL",
  });
  return result.rowCount ?? 0;
}

export async function markEnqueued(db: Db, stepIds: string[], at: Date): Promise<void> {
  await db.query({
    text: 'UPDATE dunning_steps SET enqueued_at = $2 WHERE step_id = ANY($1::text[])',
    values: [stepIds, at],
  });
}

/**
 * Steps overdue by more than the grace and still not run, on active cases not in legal that no block holds at `now`: the
 * sweeper runs them. A blocked step is left alone until its block is lifted or its `until` passes, and
 * is then run from here: that is what wakes a case whose block ended by itself.
 */
export async function overdueSteps(db: Db, before: Date, limit: number, now: Date): Promise<TimerRow[]> {
  const result = await db.query<TimerRow>({
    text: `SELECT s.step_id, s.run_at FROM dunning_steps s JOIN dunning_cases c ON c.invoice_id = s.invoice_id
           WHERE s.status = 'scheduled' AND s.run_at <= $1 AND c.status = 'active' AND c.legal_since IS NULL
             AND ${notBlockedSql('$3')}
           ORDER BY s.run_at LIMIT $2`,
    values: [before, limit, now],
  });
  return result.rows;
}
