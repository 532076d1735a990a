// Counts what the platform does, from its own topics: the demo's live view of the ladder at work.
import {
  DunningEvent,
  formatMinorUnits,
  LedgerEvent,
  NotificationEvent,
  Topics,
  toMinorUnits,
} from '@dunning/contracts';
import type { KafkaClient } from '@dunning/kafka';

export interface DemoCounters {
  erpEventsSent: number;
  invoicesIssued: number;
  invoicesOverdue: number;
  invoicesSettled: number;
  casesClosed: number;
  collected: Map<string, bigint>;
  actionsByStep: Map<string, number>;
  tasksCreated: number;
  notificationsByChannel: Map<string, number>;
  notificationsFailed: number;
}

export function emptyCounters(): DemoCounters {
  return {
    erpEventsSent: 0,
    invoicesIssued: 0,
    invoicesOverdue: 0,
    invoicesSettled: 0,
    casesClosed: 0,
    collected: new Map(),
    actionsByStep: new Map(),
    tasksCreated: 0,
    notificationsByChannel: new Map(),
    notificationsFailed: 0,
  };
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

function count(counters: DemoCounters, value: unknown): void {
  const ledger = LedgerEvent.safeParse(value);
  if (ledger.success) {
    const event = ledger.data;
    if (event.type === 'ledger.invoice.issued') counters.invoicesIssued++;
    if (event.type === 'ledger.invoice.overdue') counters.invoicesOverdue++;
    if (event.type === 'ledger.invoice.settled') counters.invoicesSettled++;
    if (event.type === 'ledger.payment.received') {
      const { amount, currency } = event.data;
      counters.collected.set(
        currency,
        (counters.collected.get(currency) ?? 0n) + toMinorUnits(amount, currency),
      );
    }
    return;
  }
  const dunning = DunningEvent.safeParse(value);
  if (dunning.success) {
    const event = dunning.data;
    if (event.type === 'dunning.action.requested')
      bump(counters.actionsByStep, `${event.data.step} (${event.data.channel})`);
    if (event.type === 'dunning.task.created') counters.tasksCreated++;
    if (event.type === 'dunning.case.closed') counters.casesClosed++;
    return;
  }
  const notification = NotificationEvent.safeParse(value);
  if (notification.success) {
    const event = notification.data;
    if (event.type === 'notification.delivered') bump(counters.notificationsByChannel, event.data.channel);
    if (event.type === 'notification.failed') counters.notificationsFailed++;
  }
}

/** Reads the platform's fact topics from the beginning and keeps the counters current. */
export async function followPlatform(kafka: KafkaClient, prefix: string, counters: DemoCounters) {
  return kafka.reader({
    groupId: `${prefix}demo-summary`,
    topics: [Topics.ledgerEvents, Topics.dunningEvents, Topics.notificationsEvents].map(
      (t) => `${prefix}${t}`,
    ),
    onMessage: (message) => {
      try {
        count(counters, JSON.parse(String(message.value)));
      } catch {
        // Not JSON: not ours to count.
      }
    },
  });
}

export function renderSummary(counters: DemoCounters, elapsedSeconds: number, dayMs: number): string {
  const day = Math.floor((elapsedSeconds * 1000) / dayMs);
  const lines = [
    `Dunning platform demo — ${elapsedSeconds.toFixed(0)} s, simulated day ${day} (1 day = ${dayMs} ms)`,
    '',
    `ERP events sent        ${counters.erpEventsSent}`,
    `invoices issued        ${counters.invoicesIssued}   overdue ${counters.invoicesOverdue}   settled ${counters.invoicesSettled}`,
    `dunning cases closed   ${counters.casesClosed}   collector tasks ${counters.tasksCreated}`,
    `amount collected       ${[...counters.collected].map(([c, m]) => `${formatMinorUnits(m, c)} ${c}`).join(', ') || '-'}`,
    '',
    'steps run (per channel):',
    ...[...counters.actionsByStep].sort().map(([step, n]) => `  ${step.padEnd(28)} ${n}`),
    '',
    'notifications delivered:',
    ...[...counters.notificationsByChannel].sort().map(([channel, n]) => `  ${channel.padEnd(28)} ${n}`),
    `  failed                       ${counters.notificationsFailed}`,
    '',
    'Ctrl-C stops the demo.',
  ];
  return lines.join('\n');
}
