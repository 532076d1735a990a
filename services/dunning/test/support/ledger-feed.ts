import { randomUUID } from 'node:crypto';
import { createEvent, DunningEvent, type KnownEvent, Topics } from '@dunning/contracts';
import { createKafka, type EventProducer, ensureTopics, type Reader, topicName } from '@dunning/kafka';
import type { Logger } from 'pino';

/** Plays the invoices and credit-risk services: publishes their events on the run's prefixed topics. */
export class UpstreamFeed {
  readonly #prefix: string;
  #producer: EventProducer | undefined;
  #reader: Reader | undefined;
  readonly #kafka;
  /** Every dunning event read back, in arrival order (duplicates included). */
  readonly dunningEvents: DunningEvent[] = [];

  constructor(brokers: string[], prefix: string, logger: Logger) {
    this.#prefix = prefix;
    this.#kafka = createKafka({ brokers, clientId: 'dunning-test-feed', logger });
  }

  async start(): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      [Topics.ledgerEvents, Topics.riskEvents, Topics.dunningEvents, Topics.notificationsEvents].map((t) =>
        topicName(this.#prefix, t),
      ),
    );
    await admin.disconnect();
    this.#producer = await this.#kafka.producer();
    // Warm the producer's metadata for both topics, so a test's first event is not delayed by leader lookups.
    await this.publish([
      createEvent({
        type: 'risk.credit-hold.released',
        source: '/services/credit-risk',
        data: { customerId: 'warm-up', reason: 'warm-up', releasedAt: new Date().toISOString() },
      }),
      createEvent({
        type: 'ledger.invoice.cancelled',
        source: '/services/invoices',
        data: { invoiceId: 'warm-up', customerId: 'warm-up', cancelledAt: new Date().toISOString() },
      }),
    ]);
    this.#reader = await this.#kafka.reader({
      groupId: `${this.#prefix}test-reader`,
      topics: [topicName(this.#prefix, Topics.dunningEvents)],
      onMessage: (message) => {
        if (message.value) this.dunningEvents.push(DunningEvent.parse(JSON.parse(message.value.toString())));
      },
    });
  }

  async publish(events: KnownEvent[]): Promise<void> {
    const byTopic = new Map<string, KnownEvent[]>();
    for (const event of events) {
      const topic = event.type.startsWith('risk.')
        ? Topics.riskEvents
        : event.type.startsWith('notification.')
          ? Topics.notificationsEvents
          : Topics.ledgerEvents;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    for (const [topic, list] of byTopic) {
      await this.#producer!.send({
        topic: topicName(this.#prefix, topic),
        messages: list.map((e) => ({
          key: (e.data as { customerId: string }).customerId,
          value: JSON.stringify(e),
        })),
      });
    }
  }

  /** Notices (dunning.action.requested) about an invoice, in arrival order. */
  actionsFor(invoiceId: string) {
    return this.dunningEvents.filter(
      (e) => e.type === 'dunning.action.requested' && e.data.invoices.some((i) => i.invoiceId === invoiceId),
    ) as Extract<DunningEvent, { type: 'dunning.action.requested' }>[];
  }

  async stop(): Promise<void> {
    await this.#reader?.stop();
    await this.#producer?.disconnect();
  }
}

const src = '/services/invoices';

export function issued(
  customerId: string,
  invoiceId: string,
  overdueAt: Date,
  amount = '1000.00',
  currency = 'CNY',
) {
  return createEvent({
    type: 'ledger.invoice.issued',
    source: src,
    data: {
      invoiceId,
      customerId,
      number: `INV-${invoiceId}`,
      currency,
      amount,
      balance: amount,
      issueDate: '2026-11-01',
      dueDate: '2026-12-01',
      overdueAt: overdueAt.toISOString(),
    },
  });
}

export function settled(customerId: string, invoiceId: string, amount = '1000.00', currency = 'CNY') {
  return createEvent({
    type: 'ledger.invoice.settled',
    source: src,
    data: {
      invoiceId,
      customerId,
      currency,
      amount,
      settledAt: new Date().toISOString(),
      how: 'paid',
      daysLate: 10,
    },
  });
}

export function disputeOpened(customerId: string, invoiceId: string, disputeId: string) {
  return createEvent({
    type: 'ledger.dispute.opened',
    source: src,
    data: {
      disputeId,
      invoiceId,
      customerId,
      reason: 'goods damaged',
      currency: 'CNY',
      openedAt: new Date().toISOString(),
    },
  });
}

export function disputeResolved(customerId: string, invoiceId: string, disputeId: string) {
  return createEvent({
    type: 'ledger.dispute.resolved',
    source: src,
    data: {
      disputeId,
      invoiceId,
      customerId,
      resolution: 'rejected',
      currency: 'CNY',
      resolvedAt: new Date().toISOString(),
    },
  });
}

export function riskChanged(
  customerId: string,
  riskClass: 'A' | 'B' | 'C',
  previous: 'A' | 'B' | 'C' | null,
) {
  const standing = (c: 'A' | 'B' | 'C') => ({
    class: c,
    warning: c === 'C' ? ('red' as const) : ('none' as const),
    creditLimit: { amount: '100000.00', currency: 'CNY' },
    onHold: false,
  });
  return createEvent({
    type: 'risk.assessment.changed',
    source: '/services/credit-risk',
    id: randomUUID(),
    data: {
      customerId,
      score: riskClass === 'C' ? 20 : 70,
      ...standing(riskClass),
      modelVersion: 'test',
      assessedAt: new Date().toISOString(),
      trigger: 'test',
      previous: previous ? standing(previous) : null,
    },
  });
}
