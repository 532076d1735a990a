import {
  type CollectorContact,
  currencyExponent,
  DUNNING_ACTION_REQUESTED,
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_TASK_CREATED,
  type DunnedInvoice,
  formatMinorUnits,
  type TaskKind,
} from '@dunning/contracts';
import { type OutboxMessage, writeToOutbox } from '@dunning/outbox';
import type pg from 'pg';
import { collectorLoads, findCollector } from '../db/collectors.queries.ts';
import { findCustomer } from '../db/customers.queries.ts';
import type { StepRow } from '../db/steps.queries.ts';
import { insertTask } from '../db/tasks.queries.ts';
import { computeCharges } from '../domain/charges.ts';
import { isChannel, type StepAction } from '../domain/policy.ts';
import { pickCollector, taskPriority } from '../domain/task-priority.ts';
import { dunningMessage, type EngineContext } from './engine-context.ts';
import { notifyTaskChange } from './task-feed.ts';

const TASK_KINDS: Partial<Record<StepAction, TaskKind>> = {
  'call-task': 'call',
  'escalation-task': 'escalation',
  'write-off-review-task': 'write-off-review',
};

type NoticeInvoice = DunnedInvoice & { balanceMinor: bigint };

/** One row per requested action, for the effectiveness report. */
async function recordActions(
  tx: pg.PoolClient,
  lead: StepRow,
  actions: { actionId: string; action: StepAction }[],
  invoiceIds: string[],
  now: Date,
): Promise<void> {
  await tx.query({
    text: `INSERT INTO step_actions (action_id, step_id, customer_id, policy_id, step_name, action, invoice_ids, requested_at)
           SELECT a.id, $2, $3, $4, $5, a.action, $6, $7 FROM unnest($1::text[], $8::text[]) AS a (id, action)
           ON CONFLICT DO NOTHING`,
    values: [
      actions.map((a) => a.actionId),
      lead.step_id,
      lead.customer_id,
      lead.policy_id,
      lead.name,
      invoiceIds,
      now,
      actions.map((a) => a.action),
    ],
  });
}

/**
 * Publishes what one step run asks for: one notice per channel (actionId = step id + channel, also the
 * event id, so a re-published event is the same event), collector tasks and credit-hold requests.
 */
export async function requestStepActions(
  tx: pg.PoolClient,
  context: EngineContext,
  lead: StepRow,
  invoices: NoticeInvoice[],
  now: Date,
): Promise<string[]> {
  const customer = await findCustomer(tx, lead.customer_id);
  const invoiceIds = invoices.map((i) => i.invoiceId);
  const requested: { actionId: string; action: StepAction }[] = [];
  // Written in one statement at the end: a step run is latency-bound on round trips to PostgreSQL.
  const messages: OutboxMessage[] = [];
  const collectorRow = customer.collector_id ? await findCollector(tx, customer.collector_id) : undefined;
  const collector: CollectorContact | undefined = collectorRow
    ? { collectorId: collectorRow.collector_id, name: collectorRow.name }
    : undefined;
  const charges = computeCharges(lead.definition.charges, invoices).map((c) => ({
    kind: c.kind,
    description: c.description,
    currency: c.currency,
    amount: formatMinorUnits(c.amountMinor, c.currency),
  }));
  for (const action of lead.definition.actions) {
    const actionId = `${lead.step_id}.${action}`;
    if (isChannel(action)) {
      messages.push(
        dunningMessage(
          context,
          DUNNING_ACTION_REQUESTED,
          lead.customer_id,
          {
            actionId,
            customerId: lead.customer_id,
            policyId: lead.policy_id,
            policyVersion: lead.policy_version,
            step: lead.name,
            level: lead.level,
            channel: action,
            templateKey: lead.definition.templateKey,
            invoices: invoices.map(({ balanceMinor: _, ...invoice }) => invoice),
            charges,
            ...(collector ? { collector } : {}),
            requestedAt: now.toISOString(),
          },
          { id: actionId, subject: lead.invoice_id },
        ),
      );
    } else if (action === 'credit-hold-request') {
      messages.push(
        dunningMessage(
          context,
          DUNNING_CREDIT_HOLD_REQUESTED,
          lead.customer_id,
          {
            customerId: lead.customer_id,
            invoiceIds,
            step: lead.name,
            reason: `dunning step ${lead.name} reached`,
            requestedAt: now.toISOString(),
          },
          { id: actionId },
        ),
      );
    } else {
      const kind = TASK_KINDS[action];
      if (!kind) continue;
      const currency = invoices[0]!.currency;
      const sameCurrency = invoices.filter((i) => i.currency === currency);
      const amountMinor = sameCurrency.reduce((sum, i) => sum + i.balanceMinor, 0n);
      const maxDays = Math.max(...invoices.map((i) => i.daysOverdue));
      const priority = taskPriority(amountMinor, currencyExponent(currency), customer.risk_class, maxDays);
      const loads = await collectorLoads(tx);
      const withProfile = loads.map((l) =>
        l.collectorId === customer.collector_id ? { ...l, portfolio: [...l.portfolio, lead.customer_id] } : l,
      );
      const collectorId = pickCollector(lead.customer_id, withProfile);
      await insertTask(tx, {
        taskId: actionId,
        customerId: lead.customer_id,
        kind,
        stepId: lead.step_id,
        stepName: lead.name,
        invoiceIds,
        currency,
        amountMinor,
        priority,
        collectorId,
        createdAt: now,
      });
      messages.push(
        dunningMessage(
          context,
          DUNNING_TASK_CREATED,
          lead.customer_id,
          {
            taskId: actionId,
            customerId: lead.customer_id,
            kind,
            invoiceIds,
            collectorId,
            priority,
            step: lead.name,
            dueAt: lead.due_at.toISOString(),
            createdAt: now.toISOString(),
          },
          { id: actionId },
        ),
      );
      if (collectorId) await notifyTaskChange(tx, collectorId);
    }
    requested.push({ actionId, action });
  }
  await writeToOutbox(tx, context.config.DB_SCHEMA, messages);
  await recordActions(tx, lead, requested, invoiceIds, now);
  return requested.map((r) => r.action);
}
