import type { ErpEvent } from '@dunning/contracts';
import type { Receipts } from '@dunning/receivers';
import type { TopicRecord } from '../observe/read-topic.ts';
import { expectedLedger } from './expected-ledger.ts';
import type { Finding } from './findings.ts';

/** A dunning step as the dunning service stored it. */
export interface StoredStep {
  stepId: string;
  invoiceId: string;
  /** The step that led the notice this step ran in (itself, or a higher-level step it was consolidated into). */
  noticeStepId: string | null;
  /** Why a skipped or cancelled step did not run. */
  statusReason: string | null;
  name: string;
  level: number;
  status: 'scheduled' | 'done' | 'cancelled' | 'skipped';
  runAt: Date;
  /** The notice channels the step's definition asks for (email, sms, letter). */
  channels: string[];
}

/** An action's id is its leading step's id and its channel: `<stepId>.<channel>`. */
const leadStepOf = (actionId: string) => actionId.slice(0, actionId.lastIndexOf('.'));

export interface Observations {
  erpSent: readonly ErpEvent[];
  /** invoice id -> balance in minor units, from the ledger's own entries. */
  ledgerBalances: Map<string, bigint>;
  /** invoice id -> the balance dunning holds for the invoice's case (what its notices quote). */
  caseBalances: Map<string, bigint>;
  steps: StoredStep[];
  dunningEvents: TopicRecord[];
  notificationEvents: TopicRecord[];
  email: Receipts;
  sms: Receipts;
  /** When the platform was judged; a step due this long before it must have run. */
  judgedAt: Date;
  graceMs: number;
}

export interface Verdict {
  findings: Finding[];
  /** Transmissions repeated under the same Message-ID / Idempotency-Key after a crash mid-send. */
  resentSameId: number;
  figures: Record<string, number>;
}

type Action = { actionId: string; channel: string; step: string; invoices: { invoiceId: string }[] };

/** Judges what the platform did against what the ERP stream alone implies. */
export function judge(o: Observations): Verdict {
  const findings: Finding[] = [];
  const expected = expectedLedger(o.erpSent);

  // 1. Every invoice's balance, each ERP event counted once.
  for (const invoice of expected.values()) {
    const actual = o.ledgerBalances.get(invoice.invoiceId);
    if (actual === undefined)
      findings.push({ kind: 'lost', what: `invoice ${invoice.invoiceId} not in the ledger` });
    else if (actual > invoice.balance)
      findings.push({
        kind: 'lost',
        what: `${invoice.invoiceId}: balance ${actual}, expected ${invoice.balance}`,
      });
    else if (actual < invoice.balance)
      findings.push({
        kind: 'duplicated',
        what: `${invoice.invoiceId}: balance ${actual}, expected ${invoice.balance}`,
      });
  }

  // 1b. Dunning's view of every balance, once everything is read, is the ledger's.
  for (const invoice of expected.values()) {
    const held = o.caseBalances.get(invoice.invoiceId);
    if (held === undefined)
      findings.push({ kind: 'lost', what: `invoice ${invoice.invoiceId} has no dunning case` });
    else if (held !== invoice.balance)
      findings.push({
        kind: held > invoice.balance ? 'lost' : 'duplicated',
        what: `${invoice.invoiceId}: dunning holds balance ${held}, expected ${invoice.balance}`,
      });
  }

  // 2. Step runs: a notice (one action per channel, id = leading step + channel) lists each invoice whose
  // step ran in it; every invoice it lists must have such a step, so no step is notified twice.
  const actions = new Map<string, { action: Action; at: number; eventIds: Set<string> }>();
  const listed = new Map<string, Set<string>>();
  const closedAt = new Map<string, { partition: number; offset: number }>();
  for (const { partition, offset, event } of o.dunningEvents) {
    if (event.type === 'dunning.case.closed') {
      const invoiceId = String(event.data.invoiceId);
      if (!closedAt.has(invoiceId)) closedAt.set(invoiceId, { partition, offset });
      continue;
    }
    if (event.type !== 'dunning.action.requested') continue;
    const action = event.data as unknown as Action;
    const key = `${action.actionId}/${action.channel}`;
    const known = actions.get(key) ?? { action, at: Date.parse(event.time), eventIds: new Set<string>() };
    known.eventIds.add(event.id);
    actions.set(key, known);
    for (const { invoiceId } of action.invoices) {
      const noticeKey = `${invoiceId}/${leadStepOf(action.actionId)}/${action.channel}`;
      listed.set(noticeKey, (listed.get(noticeKey) ?? new Set<string>()).add(action.actionId));
      // 3. Nothing asked for after the settlement was seen (one customer's events share a partition).
      const closed = closedAt.get(invoiceId);
      if (closed && closed.partition === partition && closed.offset < offset) {
        findings.push({
          kind: 'duplicated',
          what: `${action.step} ${action.channel} for ${invoiceId} requested after its case closed`,
          atMs: Date.parse(event.time),
        });
      }
    }
  }
  for (const [key, { eventIds, at }] of actions) {
    if (eventIds.size > 1)
      findings.push({
        kind: 'duplicated',
        what: `action ${key} published as ${eventIds.size} events`,
        atMs: at,
      });
  }

  // 4. No step lost: every step due by now ran (or was cancelled/skipped by a rule), with its notices.
  const stepsById = new Map(o.steps.map((step) => [step.stepId, step]));
  const backed = new Set<string>();
  let stepsRun = 0;
  for (const step of o.steps) {
    if (step.status === 'scheduled' && step.runAt.getTime() < o.judgedAt.getTime() - o.graceMs) {
      findings.push({
        kind: 'lost',
        what: `step ${step.name} of ${step.invoiceId} due ${step.runAt.toISOString()} never ran`,
        atMs: step.runAt.getTime(),
      });
    }
    if (step.status !== 'done') continue;
    stepsRun++;
    const leadId = step.noticeStepId ?? step.stepId;
    for (const channel of stepsById.get(leadId)?.channels ?? step.channels) {
      const noticeKey = `${step.invoiceId}/${leadId}/${channel}`;
      backed.add(noticeKey);
      if (!listed.has(noticeKey)) {
        findings.push({
          kind: 'lost',
          what: `step ${step.name} of ${step.invoiceId} ran without its ${channel} notice`,
          atMs: step.runAt.getTime(),
        });
      }
    }
  }
  for (const [key, ids] of listed) {
    if (!backed.has(key))
      findings.push({
        kind: 'duplicated',
        what: `${key} notified by ${[...ids].join(', ')} with no step run in it`,
      });
  }
  // An open invoice walks its whole ladder; a settled one has its case closed.
  const stepsByInvoice = Map.groupBy(o.steps, (step) => step.invoiceId);
  for (const invoice of expected.values()) {
    const steps = stepsByInvoice.get(invoice.invoiceId) ?? [];
    if (invoice.balance > 0n) {
      // A step skipped because the balance left is below the policy's minimum ended the ladder by rule.
      const byRule = (s: StoredStep) => s.status === 'skipped' && /minimum/.test(s.statusReason ?? '');
      const last = steps.filter((s) => s.status !== 'cancelled').sort((a, b) => b.level - a.level)[0];
      if (last?.status !== 'done' && !(last && byRule(last)))
        findings.push({
          kind: 'lost',
          what: `open invoice ${invoice.invoiceId}: ladder did not finish (last step ${last?.name ?? 'none'} ${last?.status ?? ''})`,
        });
    } else if (!closedAt.has(invoice.invoiceId)) {
      findings.push({
        kind: 'lost',
        what: `settled invoice ${invoice.invoiceId}: its case was never closed`,
      });
    }
  }

  // 5. Every notice delivered exactly once, and it reached the receiver (unless it was dropped because
  // its invoices were paid before its turn came).
  const delivered = new Map<string, Set<string>>();
  const failed = new Set<string>();
  const dropped = new Set<string>();
  for (const { event } of o.notificationEvents) {
    const key = `${event.data.actionId}/${event.data.channel}`;
    if (event.type === 'notification.failed') failed.add(key);
    if (event.type === 'notification.dropped') dropped.add(key);
    if (event.type !== 'notification.delivered') continue;
    const ids = delivered.get(key) ?? new Set<string>();
    ids.add(String(event.data.notificationId));
    delivered.set(key, ids);
  }
  let resentSameId = 0;
  for (const [key, { action, at }] of actions) {
    const ids = delivered.get(key);
    if (!ids && dropped.has(key)) continue;
    if (!ids) {
      findings.push({
        kind: 'lost',
        what: `notice ${key} never delivered${failed.has(key) ? ' (failed)' : ''}`,
        atMs: at,
      });
      continue;
    }
    if (ids.size > 1)
      findings.push({
        kind: 'duplicated',
        what: `notice ${key} delivered as ${ids.size} notifications`,
        atMs: at,
      });
    const [notificationId] = ids;
    const receipts =
      action.channel === 'email'
        ? o.email.timesReceived(`<${notificationId}@notifications.dunning.invalid>`)
        : action.channel === 'sms'
          ? o.sms.timesReceived(notificationId!)
          : 1;
    if (!receipts)
      findings.push({
        kind: 'lost',
        what: `notice ${key} recorded as delivered but never received`,
        atMs: at,
      });
    else resentSameId += receipts - 1;
  }
  for (const key of delivered.keys()) {
    if (!actions.has(key))
      findings.push({ kind: 'duplicated', what: `notice ${key} delivered but never requested` });
  }

  return {
    findings,
    resentSameId,
    figures: {
      erpEventsSent: o.erpSent.length,
      erpEventsDistinct: new Set(o.erpSent.map((e) => e.id)).size,
      invoices: expected.size,
      invoicesSettled: [...expected.values()].filter((i) => i.balance === 0n).length,
      stepsRun,
      notices: actions.size,
      emailsReceived: o.email.received,
      smsReceived: o.sms.received,
    },
  };
}
