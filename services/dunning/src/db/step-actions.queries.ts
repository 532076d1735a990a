import type pg from 'pg';
import type { StepAction } from '../domain/policy.ts';

/** An action a step asked for (a channel or a task), kept for the effectiveness report. */
export interface NewStepAction {
  actionId: string;
  stepId: string;
  customerId: string;
  policyId: string;
  stepName: string;
  action: StepAction;
  invoiceIds: string[];
}

/** One row per requested action; an action recorded already (same id) is left as it is. */
export async function insertStepActions(
  tx: pg.PoolClient,
  actions: NewStepAction[],
  requestedAt: Date,
): Promise<void> {
  if (actions.length === 0) return;
  await tx.query({
    text: `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids, requested_at)
           SELECT a.action_id, a.step_id, a.customer_id, a.policy_id, a.step_name, a.action,
             array(SELECT jsonb_array_elements_text(a.invoice_ids)), $8
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
             AS a (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids)
           ON CONFLICT DO NOTHING`,
    values: [
      actions.map((a) => a.actionId),
      actions.map((a) => a.stepId),
      actions.map((a) => a.customerId),
      actions.map((a) => a.policyId),
      actions.map((a) => a.stepName),
      actions.map((a) => a.action),
      actions.map((a) => JSON.stringify(a.invoiceIds)),
      requestedAt,
    ],
  });
}
