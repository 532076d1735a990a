import type { ErpEvent } from '@dunning/contracts';
import type { EventProducer } from '@dunning/kafka';

/** Where simulated events go: the ERP topic, or the invoices service's HTTP API. */
export interface EventSink {
  send(events: ErpEvent[]): Promise<void>;
  close(): Promise<void>;
}

export function kafkaSink(producer: EventProducer, topic: string): EventSink {
  return {
    async send(events) {
      await producer.send({
        topic,
        messages: events.map((event) => ({
          key: customerKey(event),
          value: JSON.stringify(event),
          headers: { 'content-type': 'application/cloudevents+json' },
        })),
      });
    },
    close: () => producer.disconnect(),
  };
}

/** The customer an event belongs to: the Kafka key that keeps one customer's events in order. */
export function customerKey(event: ErpEvent): string {
  const data = event.data as { customerId?: string; invoiceId?: string; disputeId?: string };
  if (data.customerId) return data.customerId;
  // Simulated ids embed the customer: <customer>-INV<n>[-...].
  const id = data.invoiceId ?? data.disputeId ?? '';
  return id.replace(/-INV\d+.*$/, '');
}

function httpRequest(event: ErpEvent): { method: string; path: string; body: Record<string, unknown> } {
  const data = { ...(event.data as Record<string, unknown>) };
  const take = (key: string) => {
    const value = data[key];
    delete data[key];
    return encodeURIComponent(String(value));
  };
  switch (event.type) {
    case 'erp.customer.upserted':
      return { method: 'PUT', path: `/v1/customers/${take('customerId')}`, body: data };
    case 'erp.invoice.issued':
      return { method: 'POST', path: '/v1/invoices', body: data };
    case 'erp.invoice.cancelled':
      return { method: 'POST', path: `/v1/invoices/${take('invoiceId')}/cancel`, body: data };
    case 'erp.payment.received':
      return { method: 'POST', path: '/v1/payments', body: data };
    case 'erp.credit-note.issued':
      return { method: 'POST', path: '/v1/credit-notes', body: data };
    case 'erp.dispute.opened':
      return { method: 'POST', path: `/v1/invoices/${take('invoiceId')}/disputes`, body: data };
    case 'erp.dispute.resolved':
      return { method: 'POST', path: `/v1/disputes/${take('disputeId')}/resolve`, body: data };
    case 'erp.customer.alert':
    case 'erp.customer.alert-resolved':
      // Alerts are credit-risk's commands, not the ledger's; the simulator generates none.
      throw new Error(`${event.type} is posted to credit-risk, not to the ledger's HTTP API`);
  }
}

export function httpSink(baseUrl: string, headers: Record<string, string> = {}): EventSink {
  return {
    async send(events) {
      for (const event of events) {
        const { method, path, body } = httpRequest(event);
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'idempotency-key': event.id, ...headers },
          body: JSON.stringify(body),
        });
        if (response.status >= 500)
          throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      }
    },
    close: async () => {},
  };
}
