import { describe, expect, it } from 'vitest';
import {
  Catalog,
  createEvent,
  DUNNING_ACTION_REQUESTED,
  DUNNING_CASE_CLOSED,
  DUNNING_CREDIT_HOLD_REQUESTED,
  DUNNING_PROMISE_BROKEN,
  DUNNING_PROMISE_KEPT,
  DUNNING_PROMISE_RECORDED,
  DUNNING_TASK_CREATED,
  DunningEvent,
  DunningEventTypes,
  type KnownEvent,
  LEDGER_DISPUTE_OPENED,
  LEDGER_DISPUTE_RESOLVED,
  LEDGER_INVOICE_BALANCE_CHANGED,
  LEDGER_INVOICE_CANCELLED,
  LEDGER_INVOICE_OVERDUE,
  LEDGER_INVOICE_SETTLED,
  LEDGER_INVOICE_WRITTEN_OFF,
  LEDGER_PAYMENT_RECEIVED,
  LedgerEvent,
  LedgerEventTypes,
  NOTIFICATION_DELIVERED,
  NOTIFICATION_DROPPED,
  NOTIFICATION_FAILED,
  NotificationEvent,
  NotificationEventTypes,
  RISK_ALERT_RAISED,
  RISK_ALERT_RESOLVED,
  RISK_ASSESSMENT_CHANGED,
  RISK_CONCENTRATION_FLAGGED,
  RISK_CREDIT_HOLD_PLACED,
  RISK_CREDIT_HOLD_RELEASED,
  RiskEvent,
  RiskEventTypes,
  Topics,
} from '../src/index.ts';
import * as eventSamples from './event-samples.ts';
import * as ledgerSamples from './ledger-samples.ts';

const samples = { ...ledgerSamples, ...eventSamples };

const time = '2026-12-31T09:00:00+08:00';
const ledger = '/services/invoices';
const risk = '/services/credit-risk';
const dunning = '/services/dunning';
const notifications = '/services/notifications';

const events: KnownEvent[] = [
  createEvent({ type: LEDGER_INVOICE_OVERDUE, source: ledger, time, data: samples.overdue }),
  createEvent({ type: LEDGER_INVOICE_BALANCE_CHANGED, source: ledger, time, data: samples.balanceChanged }),
  createEvent({ type: LEDGER_INVOICE_SETTLED, source: ledger, time, data: samples.settled }),
  createEvent({ type: LEDGER_INVOICE_CANCELLED, source: ledger, time, data: samples.invoiceCancelled }),
  createEvent({ type: LEDGER_INVOICE_WRITTEN_OFF, source: ledger, time, data: samples.writtenOff }),
  createEvent({ type: LEDGER_DISPUTE_OPENED, source: ledger, time, data: samples.ledgerDisputeOpened }),
  createEvent({ type: LEDGER_DISPUTE_RESOLVED, source: ledger, time, data: samples.ledgerDisputeResolved }),
  createEvent({ type: LEDGER_PAYMENT_RECEIVED, source: ledger, time, data: samples.ledgerPayment }),
  createEvent({ type: RISK_ASSESSMENT_CHANGED, source: risk, time, data: samples.assessment }),
  createEvent({ type: RISK_CREDIT_HOLD_PLACED, source: risk, time, data: samples.holdPlaced }),
  createEvent({ type: RISK_CREDIT_HOLD_RELEASED, source: risk, time, data: samples.holdReleased }),
  createEvent({ type: RISK_CONCENTRATION_FLAGGED, source: risk, time, data: samples.concentration }),
  createEvent({ type: RISK_ALERT_RAISED, source: risk, time, data: samples.alertRaised }),
  createEvent({ type: RISK_ALERT_RESOLVED, source: risk, time, data: samples.alertResolved }),
  createEvent({ type: DUNNING_ACTION_REQUESTED, source: dunning, time, data: samples.action }),
  createEvent({ type: DUNNING_TASK_CREATED, source: dunning, time, data: samples.task }),
  createEvent({ type: DUNNING_CREDIT_HOLD_REQUESTED, source: dunning, time, data: samples.holdRequested }),
  createEvent({ type: DUNNING_PROMISE_RECORDED, source: dunning, time, data: samples.promise }),
  createEvent({ type: DUNNING_PROMISE_KEPT, source: dunning, time, data: samples.promiseOutcome }),
  createEvent({ type: DUNNING_PROMISE_BROKEN, source: dunning, time, data: samples.promiseOutcome }),
  createEvent({ type: DUNNING_CASE_CLOSED, source: dunning, time, data: samples.caseClosed }),
  createEvent({ type: NOTIFICATION_DELIVERED, source: notifications, time, data: samples.delivered }),
  createEvent({ type: NOTIFICATION_FAILED, source: notifications, time, data: samples.failed }),
  createEvent({ type: NOTIFICATION_DROPPED, source: notifications, time, data: samples.dropped }),
];

// What a consumer passes to startEventConsumer: the union schema of each topic it reads.
const unions = {
  [Topics.ledgerEvents]: { schema: LedgerEvent, types: LedgerEventTypes },
  [Topics.riskEvents]: { schema: RiskEvent, types: RiskEventTypes },
  [Topics.dunningEvents]: { schema: DunningEvent, types: DunningEventTypes },
  [Topics.notificationsEvents]: { schema: NotificationEvent, types: NotificationEventTypes },
} as const;

// The unions and type lists are read off the catalog: what is left to check is the catalog itself.
describe('the catalog each topic union is read from', () => {
  const catalogued = Catalog.flatMap((topic) => topic.events.map((event) => ({ topic: topic.topic, event })));

  it('pairs each event type with the envelope schema of that type', () => {
    for (const { event } of catalogued) {
      expect(event.schema.shape.type.safeParse(event.type).success, event.type).toBe(true);
      expect(event.schema.shape.type.safeParse(`${event.type}.v2`).success, event.type).toBe(false);
    }
  });

  it('lists each event type once, on the topic named after its namespace', () => {
    const types = catalogued.map(({ event }) => event.type);
    expect(new Set(types).size).toBe(types.length);
    for (const { topic, event } of catalogued) {
      expect(topic.startsWith(event.type.slice(0, event.type.indexOf('.'))), event.type).toBe(true);
    }
  });

  it('every topic but the ERP one (test/event-unions.test.ts) is exercised below', () => {
    for (const topic of Catalog.filter((spec) => spec.topic !== Topics.erpEvents)) {
      expect(Object.keys(unions), topic.topic).toContain(topic.topic);
    }
  });
});

describe.each(Object.entries(unions))('the %s union', (_topic, { schema, types }) => {
  const topicEvents = events.filter((event) => (types as readonly string[]).includes(event.type));

  it('parses every new event type of the topic off the wire, dispatching on type', () => {
    expect(topicEvents.length).toBeGreaterThan(0);
    for (const event of topicEvents) {
      const parsed = schema.parse(JSON.parse(JSON.stringify(event)));
      expect(parsed.type).toBe(event.type);
      expect(parsed).toEqual(event);
    }
  });

  it('rejects the events of other topics and mislabelled data', () => {
    for (const event of events.filter((other) => !topicEvents.includes(other))) {
      expect(schema.safeParse(event).success, event.type).toBe(false);
    }
    const [first, second = first] = types;
    const sample = topicEvents.find((event) => event.type === first);
    if (first !== second) expect(schema.safeParse({ ...sample, type: second }).success).toBe(false);
    expect(schema.safeParse({ ...sample, type: `${first}.v2` }).success).toBe(false);
  });
});

describe('createEvent for the new event types', () => {
  it('narrows the event to its type and keeps the given id and subject', () => {
    const event = createEvent({
      type: DUNNING_ACTION_REQUESTED,
      source: dunning,
      id: 'ACT-1.email',
      subject: samples.action.customerId,
      data: samples.action,
    });
    expect(event.data.invoices[0]?.invoiceId).toBe('INV-2026-0001');
    expect(event).toMatchObject({ id: 'ACT-1.email', subject: 'C-1001', specversion: '1.0' });
  });

  it('fills the default of an omitted optional list', () => {
    const { charges: _charges, ...data } = samples.action;
    const event = createEvent({
      type: DUNNING_ACTION_REQUESTED,
      source: dunning,
      data: { ...data, charges: [] },
    });
    expect(event.data.charges).toEqual([]);
    const parsed = DunningEvent.parse({ ...event, data });
    expect(parsed.type === DUNNING_ACTION_REQUESTED && parsed.data.charges).toEqual([]);
  });

  it('fails at the producer when the data breaks the contract', () => {
    const data = { ...samples.ledgerPayment, unapplied: '0' };
    expect(() => createEvent({ type: LEDGER_PAYMENT_RECEIVED, source: ledger, data })).toThrow(
      /applications/,
    );
    const assessment = { ...samples.assessment, score: 120 };
    expect(() => createEvent({ type: RISK_ASSESSMENT_CHANGED, source: risk, data: assessment })).toThrow();
  });
});
