import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CloudEventEnvelope,
  cloudEventSchema,
  createEvent,
  dlqTopic,
  ERP_INVOICE_ISSUED,
  eventSpec,
  InvoiceIssuedEvent,
  LEDGER_CUSTOMER_UPSERTED,
  Topics,
} from '../src/index.ts';
import { customer, invoice } from './samples.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createEvent', () => {
  it('fills id, time, specversion and content type', () => {
    const before = Date.now();
    const event = createEvent({
      type: ERP_INVOICE_ISSUED,
      source: 'erp://sap-prod',
      subject: 'INV-2026-0001',
      data: invoice,
    });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'erp.invoice.issued',
      source: 'erp://sap-prod',
      subject: 'INV-2026-0001',
      datacontenttype: 'application/json',
      data: invoice,
    });
    expect(event.id).toMatch(UUID);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(InvoiceIssuedEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('keeps a given id and time, and leaves subject out when not given', () => {
    const event = createEvent({
      type: LEDGER_CUSTOMER_UPSERTED,
      source: '/services/invoices',
      data: customer,
      id: 'ledger-C-1001-7',
      time: '2026-11-28T09:30:00+08:00',
    });
    expect(event.id).toBe('ledger-C-1001-7');
    expect(event.time).toBe('2026-11-28T09:30:00+08:00');
    expect('subject' in event).toBe(false);
  });

  it('gives each event its own id', () => {
    const make = () => createEvent({ type: ERP_INVOICE_ISSUED, source: 'erp://x', data: invoice });
    expect(make().id).not.toBe(make().id);
  });

  it('refuses data that breaks the contract', () => {
    expect(() =>
      createEvent({ type: ERP_INVOICE_ISSUED, source: 'erp://x', data: { ...invoice, amount: '1.001' } }),
    ).toThrow(z.ZodError);
    expect(() => createEvent({ type: ERP_INVOICE_ISSUED, source: '', data: invoice })).toThrow(z.ZodError);
    expect(() =>
      createEvent({ type: ERP_INVOICE_ISSUED, source: 'erp://x', data: invoice, id: 'x'.repeat(201) }),
    ).toThrow(z.ZodError);
  });
});

describe('envelope schemas', () => {
  const valid = {
    specversion: '1.0',
    id: 'evt-1',
    source: 'erp://sap-prod',
    type: 'erp.invoice.issued',
    time: '2026-11-28T01:30:00Z',
    data: invoice,
  };

  it('parses a minimal envelope', () => {
    expect(InvoiceIssuedEvent.parse(valid)).toEqual(valid);
  });

  it.each([
    ['specversion', { specversion: '0.3' }],
    ['type', { type: 'erp.invoice.cancelled' }],
    ['id', { id: '' }],
    ['time', { time: '2026-11-28T01:30:00' }],
    ['datacontenttype', { datacontenttype: 'text/plain' }],
    ['subject', { subject: '' }],
  ])('rejects a bad %s', (_name, change) => {
    expect(InvoiceIssuedEvent.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('rejects an envelope without data or id', () => {
    const { data: _data, ...withoutData } = valid;
    const { id: _id, ...withoutId } = valid;
    expect(InvoiceIssuedEvent.safeParse(withoutData).success).toBe(false);
    expect(InvoiceIssuedEvent.safeParse(withoutId).success).toBe(false);
  });

  it('drops CloudEvents extension attributes instead of rejecting them', () => {
    const parsed = InvoiceIssuedEvent.parse({ ...valid, partitionkey: 'C-1', dataref: 'x' });
    expect('partitionkey' in parsed || 'dataref' in parsed).toBe(false);
  });

  it('reads any envelope before its type is known', () => {
    const parsed = CloudEventEnvelope.parse({ ...valid, type: 'risk.something.new', data: { anything: 1 } });
    expect(parsed.type).toBe('risk.something.new');
    expect(CloudEventEnvelope.safeParse({ ...valid, specversion: '2.0' }).success).toBe(false);
  });

  it('builds the schema of a new event type', () => {
    const Ping = cloudEventSchema('test.ping', z.strictObject({ n: z.int() }));
    expect(Ping.parse({ ...valid, type: 'test.ping', data: { n: 1 } }).data.n).toBe(1);
    expect(Ping.safeParse({ ...valid, type: 'test.ping', data: { n: 1, m: 2 } }).success).toBe(false);
  });
});

describe('topics and catalog', () => {
  it('names the topics', () => {
    expect(Topics).toEqual({
      erpEvents: 'erp.events.v1',
      ledgerEvents: 'ledger.events.v1',
      riskEvents: 'risk.events.v1',
      dunningEvents: 'dunning.events.v1',
      notificationsEvents: 'notifications.events.v1',
    });
    expect(dlqTopic(Topics.erpEvents)).toBe('erp.events.v1.dlq');
    expect(dlqTopic('test-42.ledger.events.v1')).toBe('test-42.ledger.events.v1.dlq');
  });

  it('knows the topic of each event type', () => {
    expect(eventSpec('erp.payment.received')?.topic).toBe('erp.events.v1');
    expect(eventSpec('ledger.invoice.issued')?.topic).toBe('ledger.events.v1');
    expect(eventSpec('erp.unknown')).toBeUndefined();
  });
});
