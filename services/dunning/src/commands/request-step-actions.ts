import {
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
import {
  insertLeviedCharges,
  interestThroughDays,
  type LeviedCharge,
  type OpenChargeRow,
  openLedgerCharges,
} from '../db/charges.queries.ts';
import { collectorLoads } from '../db/collectors.queries.ts';
import type { NoticeCustomer } from '../db/customers.queries.ts';
import { policyKey, policyVersions } from '../db/policies.queries.ts';
import { insertStepActions, type NewStepAction } from '../db/step-actions.queries.ts';
import type { StepRow } from '../db/steps.queries.ts';
import { notifyTaskChanges } from '../db/task-feed.queries.ts';
import { insertTasks, type NewTask } from '../db/tasks.queries.ts';
import { addTimeline } from '../db/timeline.queries.ts';
import { type Charge, computeCharges } from '../domain/charges.ts';
import { noticeFallbacks, type PolicyFallbackChannels } from '../domain/fallback-channels.ts';
import { isChannel, type StepAction } from '../domain/policy.ts';
import { type CollectorLoad, pickCollector, taskPriority } from '../domain/task-priority.ts';
import { leviedMessage, leviedTimeline } from './charge-messages.ts';
import { type CommandContext, dunningMessage } from './command-context.ts';

const TASK_KINDS: Partial<Record<StepAction, TaskKind>> = {
  'call-task': 'call',
  'escalation-task': 'escalation',
  'write-off-review-task': 'write-off-review',
};

const MAX_OPEN_CHARGES = 500;

export type NoticeInvoice = DunnedInvoice & { balanceMinor: bigint };

/** One notice to send: its leading step (policy, level, actions) and every invoice it covers. */
export interface Notice {
  lead: StepRow;
  /** The highest of the invoices' levels (each invoice carries its own). */
  level: number;
  invoices: NoticeInvoice[];
  customer: NoticeCustomer;
  /** Pay-by date (final notices). */
  deadline?: string;
}

function noticeMessage(
  context: CommandContext,
  notice: Notice,
  action: StepAction,
  fallbacks: PolicyFallbackChannels | undefined,
  now: Date,
  levied: Charge[],
  open: OpenChargeRow[],
): OutboxMessage {
  const { lead, invoices, customer } = notice;
  const fallbackChannels = noticeFallbacks(fallbacks, lead.definition.actions.filter(isChannel));
  const actionId = `${lead.step_id}.${action}`;
  const charges = levied.map((c) => ({
    chargeId: c.chargeId,
    ...(c.invoiceId === undefined ? {} : { invoiceId: c.invoiceId }),
    kind: c.kind,
    description: c.description,
    currency: c.currency,
    amount: formatMinorUnits(c.amountMinor, c.currency),
    ...(c.annualRate === undefined ? {} : { annualRate: c.annualRate }),
  }));
  return dunningMessage(
    context,
    DUNNING_ACTION_REQUESTED,
    lead.customer_id,
    {
      actionId,
      customerId: lead.customer_id,
      policyId: lead.policy_id,
      policyVersion: lead.policy_version,
      step: lead.name,
      level: notice.level,
      channel: action as 'email' | 'sms' | 'letter',
      templateKey: lead.definition.templateKey,
      invoices: invoices.map(({ balanceMinor: _, ...invoice }) => invoice),
      charges,
      ...(open.length > 0
        ? {
            openCharges: open.map((c) => ({
              chargeId: c.charge_id,
              kind: c.kind,
              ...(c.invoice_id === null ? {} : { invoiceId: c.invoice_id }),
              currency: c.currency,
              amount: formatMinorUnits(c.amount_minor, c.currency),
              leviedAt: c.levied_at.toISOString(),
            })),
          }
        : {}),
      ...(notice.deadline ? { deadline: notice.deadline } : {}),
      ...(customer.collector_id && customer.collector_name
        ? { collector: { collectorId: customer.collector_id, name: customer.collector_name } }
        : {}),
      ...(Object.keys(fallbackChannels).length > 0 ? { fallbackChannels } : {}),
      requestedAt: now.toISOString(),
    },
    { id: actionId, subject: lead.invoice_id },
  );
}

/** The task a step asks a collector for, assigned against the loads as they stand (updated in place). */
function assignTask(
  notice: Notice,
  kind: TaskKind,
  taskId: string,
  loads: CollectorLoad[],
  now: Date,
): NewTask {
  const { lead, invoices, customer } = notice;
  const currency = invoices[0]!.currency;
  const amountMinor = invoices
    .filter((i) => i.currency === currency)
    .reduce((sum, i) => sum + i.balanceMinor, 0n);
  const maxDays = Math.max(...invoices.map((i) => i.daysOverdue));
  const withProfile = loads.map((l) =>
    l.collectorId === customer.collector_id ? { ...l, portfolio: [...l.portfolio, lead.customer_id] } : l,
  );
  const collectorId = pickCollector(lead.customer_id, withProfile);
  const assigned = loads.find((l) => l.collectorId === collectorId);
  if (assigned) assigned.openTasks += 1;
  return {
    taskId,
    customerId: lead.customer_id,
    kind,
    stepId: lead.step_id,
    stepName: lead.name,
    invoiceIds: invoices.map((i) => i.invoiceId),
    currency,
    amountMinor,
    priority: taskPriority(amountMinor, currencyExponent(currency), customer.risk_class, maxDays),
    collectorId,
    createdAt: now,
  };
}

/**
 * Publishes what the notices ask for, in the caller's transaction and in a fixed number of statements
 * however many notices there are: one event per channel (actionId = step id + channel, also the event
 * id, so a re-published event is the same event), collector tasks and credit-hold requests, and the
 * charges a notice levies (`dunning.charge.levied`, event id = charge id), each listed on its notice with
 * the customer's charges booked earlier and still open. Returns the
 * actions requested per leading step.
 */
export async function requestNoticeActions(
  tx: pg.PoolClient,
  context: CommandContext,
  notices: Notice[],
  now: Date,
): Promise<Map<string, StepAction[]>> {
  const messages: OutboxMessage[] = [];
  const requested: NewStepAction[] = [];
  const tasks: NewTask[] = [];
  const needsCollectors = notices.some((n) => n.lead.definition.actions.some((a) => TASK_KINDS[a]));
  const loads = needsCollectors ? await collectorLoads(tx) : [];
  // The fallback channels are policy data; notifications gets them with the notice.
  const sendsNotices = notices.some((n) => n.lead.definition.actions.some(isChannel));
  const policies = sendsNotices
    ? await policyVersions(
        tx,
        notices.map((n) => ({ policyId: n.lead.policy_id, version: n.lead.policy_version })),
      )
    : new Map();
  const perLead = new Map<string, StepAction[]>();
  // Charges are levied by notices that reach the customer (a channel), once per notice.
  const charging = new Set(notices.filter((n) => n.lead.definition.actions.some(isChannel)));
  const through = await interestThroughDays(
    tx,
    [...charging].flatMap((n) => n.invoices.map((i) => i.invoiceId)),
  );
  const openCharges = await openLedgerCharges(tx, [...new Set([...charging].map((n) => n.lead.customer_id))]);
  const levied: LeviedCharge[] = [];
  for (const notice of notices) {
    const { lead, invoices } = notice;
    const invoiceIds = invoices.map((i) => i.invoiceId);
    const actions: StepAction[] = [];
    const charges = charging.has(notice)
      ? computeCharges(
          lead.step_id,
          lead.definition.charges,
          invoices.map((i) => ({ ...i, interestThroughDay: through.get(i.invoiceId) ?? 0 })),
        )
      : [];
    levied.push(...charges.map((c) => ({ ...c, noticeStepId: lead.step_id, customerId: lead.customer_id })));
    const currencies = new Set(invoices.map((i) => i.currency));
    // Oldest first, at most what the contract carries (500), so a notice can always be published.
    const open = openCharges
      .filter((c) => c.customer_id === lead.customer_id && currencies.has(c.currency))
      .slice(0, MAX_OPEN_CHARGES);
    for (const action of lead.definition.actions) {
      const actionId = `${lead.step_id}.${action}`;
      const kind = TASK_KINDS[action];
      if (isChannel(action)) {
        const policy = policies.get(policyKey(lead.policy_id, lead.policy_version));
        messages.push(noticeMessage(context, notice, action, policy?.fallbackChannels, now, charges, open));
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
      } else if (kind) {
        const task = assignTask(notice, kind, actionId, loads, now);
        tasks.push(task);
        messages.push(
          dunningMessage(
            context,
            DUNNING_TASK_CREATED,
            lead.customer_id,
            {
              taskId: task.taskId,
              customerId: lead.customer_id,
              kind,
              invoiceIds,
              collectorId: task.collectorId,
              priority: task.priority,
              step: lead.name,
              dueAt: lead.due_at.toISOString(),
              createdAt: now.toISOString(),
            },
            { id: actionId },
          ),
        );
      } else continue;
      actions.push(action);
      requested.push({
        actionId,
        stepId: lead.step_id,
        customerId: lead.customer_id,
        policyId: lead.policy_id,
        stepName: lead.name,
        action,
        invoiceIds,
      });
    }
    perLead.set(lead.step_id, actions);
  }
  await insertTasks(tx, tasks);
  await notifyTaskChanges(
    tx,
    context.config.DB_SCHEMA,
    tasks.flatMap((t) => (t.collectorId ? [t.collectorId] : [])),
  );
  // A charge id already recorded was levied before: neither published nor put on the timeline again.
  const recorded = await insertLeviedCharges(tx, levied, now);
  const fresh = levied.filter((c) => recorded.has(c.chargeId));
  messages.push(...fresh.map((c) => leviedMessage(context, c, now)));
  await writeToOutbox(tx, context.config.DB_SCHEMA, messages);
  await addTimeline(
    tx,
    fresh.flatMap((c) => leviedTimeline(c, now)),
  );
  await insertStepActions(tx, requested, now);
  return perLead;
}
